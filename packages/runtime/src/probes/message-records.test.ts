import { RecordFlag, RecordKind } from '@execscope/core/codec'
import { describe, expect, it } from 'vitest'
import { FLAG_TIMED, FLAG_UPWARD, MESSAGE_RECEIVE, MESSAGE_SEND } from './message-records.ts'

describe('message record constants', () => {
  it('match the record layout of @execscope/core', () => {
    expect([MESSAGE_SEND, MESSAGE_RECEIVE]).toEqual([RecordKind.MessageSend, RecordKind.MessageReceive])
    expect([FLAG_TIMED, FLAG_UPWARD]).toEqual([RecordFlag.Timed << 8, RecordFlag.Upward << 8])
  })
})
