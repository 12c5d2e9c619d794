import { LinkKind, RecordFlag, RecordKind } from '@execscope/core/codec'
import { describe, expect, it } from 'vitest'
import { LINK_EVENT, LINK_FETCH, LINK_IN, LINK_IN_END, LINK_MESSAGE, LINK_OUT, LINK_PROMISE, LINK_TIMER } from './link-records.ts'

describe('link record constants', () => {
  it('match the record layout of @execscope/core', () => {
    expect([LINK_OUT, LINK_IN, LINK_IN_END]).toEqual([RecordKind.LinkOut, RecordKind.LinkIn, RecordKind.LinkIn | (RecordFlag.LinkEnd << 8)])
    expect([LINK_PROMISE, LINK_TIMER, LINK_EVENT, LINK_FETCH, LINK_MESSAGE]).toEqual([LinkKind.Promise, LinkKind.Timer, LinkKind.Event, LinkKind.Fetch, LinkKind.Message])
  })
})
