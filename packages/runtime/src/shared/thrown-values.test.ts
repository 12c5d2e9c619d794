import { types } from 'node:util'
import { decodeBatch, RecordKind, ValueRole } from '@execscope/core/codec'
import { describe, expect, it } from 'vitest'
import { createRecorder } from './recorder.ts'
import { valueTextAt } from './value-records.test-support.ts'
import { createThrownValues } from './thrown-values.ts'

const identity = { sessionId: new Uint8Array(16), threadId: 0, timeOriginMs: 0 }

/** Records of the ring as [kind, word1, word2, word3], and the previews they carry, reassembled. */
function drained(recorder: ReturnType<typeof createRecorder>): { kinds: number[], previews: unknown[] } {
  const batch = decodeBatch(recorder.drain(1 << 16, identity)!.bytes)
  const kinds: number[] = []
  const previews: unknown[] = []
  const words = batch.records
  for (let i = 0; i < words.length; i += 4) {
    const kind = words[i]! & 0xFF
    kinds.push(kind)
    if (kind !== RecordKind.Value) continue
    expect(words[i + 1]).toBe(ValueRole.Thrown)
    previews.push(JSON.parse(valueTextAt(words, i)))
  }
  return { kinds, previews }
}

describe('thrown values', () => {
  it('follow the Throw record with the preview, once per error however many frames it crosses', () => {
    const recorder = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 0, sampleEvery: 1 << 16 })
    const values = createThrownValues(recorder.ring)
    const error = new RangeError('negative: -1 — “quoted” ünïcode')
    for (const site of [3, 2, 1]) {
      const token = recorder.e(site)
      recorder.x(site, token, error)
      values.record(error)
      recorder.r(site, token)
    }
    const { kinds, previews } = drained(recorder)
    const valueRecords = kinds.filter(kind => kind === RecordKind.ValueBytes).length
    expect(kinds.slice(0, 3)).toEqual([RecordKind.Enter, RecordKind.Throw, RecordKind.Value])
    expect(kinds.slice(3 + valueRecords)).toEqual([RecordKind.Enter, RecordKind.Throw, RecordKind.Enter, RecordKind.Throw])
    expect(previews).toHaveLength(1)
    const [tag, name, message, stack] = previews[0] as [string, string, string, string]
    expect([tag, name, message]).toEqual(['err', 'RangeError', 'negative: -1 — “quoted” ünïcode'])
    // The stack is read only when no Error.prepareStackTrace is set (the runner may set one).
    if (Error.prepareStackTrace === undefined) expect(stack).toContain('thrown-values.test.ts')
    else expect(stack).toBeNull()
  })

  it('previews thrown primitives each time, and never throws into the app', () => {
    const recorder = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 0, sampleEvery: 1 << 16 })
    // With Node's proxy check, as the Node runtime installs it.
    const values = createThrownValues(recorder.ring, { isProxy: types.isProxy })
    values.record('plain string')
    values.record('plain string')
    values.record(new Proxy({}, { get: () => { throw new Error('trap') }, ownKeys: () => { throw new Error('trap') } }))
    const { previews } = drained(recorder)
    expect(previews.slice(0, 2)).toEqual(['plain string', 'plain string'])
    expect(previews[2]).toEqual(['proxy'])
  })

  it('caps previews per second, counting the ones left out', () => {
    const recorder = createRecorder({ ringCapacity: 1 << 16, timedCallsPerSite: 0, sampleEvery: 1 << 16 })
    let t = 0
    const values = createThrownValues(recorder.ring, { now: () => t })
    for (let i = 0; i < 250; i++) values.record(new Error(`e${i}`))
    expect(values.skipped).toBe(50)
    t = 1000
    values.record(new Error('next second'))
    expect(values.skipped).toBe(50)
    expect(drained(recorder).previews).toHaveLength(201)
  })
})
