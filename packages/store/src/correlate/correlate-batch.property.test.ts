import type { DecodedBatch } from '@execscope/core'
import type { CallRow } from './rows.ts'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nestedTraceArb } from '../../test/trace-arbitraries.ts'
import { TraceBuilder } from '../../test/trace-builder.ts'
import { correlateBatch, finishThread } from './correlate-batch.ts'
import { createThreadState } from './thread-state.ts'

/** Any mix of records, including orphans, async pairs, drops and untimed records. */
const anyTraceArb: fc.Arbitrary<TraceBuilder> = fc.array(fc.record({
  kind: fc.constantFrom('enter', 'exit', 'throws', 'suspend', 'resume', 'drop'),
  site: fc.integer({ min: 1, max: 3 }),
  asyncId: fc.integer({ min: 0, max: 3 }),
  gap: fc.integer({ min: 0, max: 2 ** 30 }),
  isTimed: fc.boolean(),
}), { maxLength: 150 }).map((steps) => {
  const t = new TraceBuilder()
  let ts = 0
  for (const s of steps) {
    ts += s.gap
    const at = s.isTimed ? ts : undefined
    if (s.kind === 'enter') t.enter(s.site, at, s.asyncId)
    else if (s.kind === 'exit') t.exit(s.site, at, s.asyncId)
    else if (s.kind === 'throws') t.throws(s.site, at, s.asyncId)
    else if (s.kind === 'suspend') t.suspend(s.site, s.asyncId, at)
    else if (s.kind === 'resume') t.resume(s.site, s.asyncId, at)
    else t.drop(1 + (s.gap % 5))
  }
  return t
})

function replay(batches: DecodedBatch[]): { calls: CallRow[], dropped: number } {
  let state = createThreadState()
  let nextCallId = 1
  const calls: CallRow[] = []
  let dropped = 0
  for (const batch of batches) {
    const result = correlateBatch(state, batch, nextCallId)
    state = result.state
    nextCallId = result.nextCallId
    calls.push(...result.calls.rows())
    dropped += result.drops.reduce((sum, d) => sum + d.count, 0)
  }
  calls.push(...finishThread(state).rows())
  return { calls, dropped }
}

const cutsArb = fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 8 })

describe('correlateBatch (properties)', () => {
  it('gives the same rows however a trace is split into batches', () => {
    fc.assert(fc.property(fc.oneof(nestedTraceArb, anyTraceArb), cutsArb, (t, cuts) => {
      expect(replay(t.batches(cuts))).toEqual(replay([t.batch()]))
    }), { numRuns: 300 })
  })

  it('keeps every well-nested call: one row each, parents before children, self time within wall time', () => {
    fc.assert(fc.property(nestedTraceArb, (t) => {
      const { calls, dropped } = replay([t.batch()])
      const enters = t.records.filter(r => (r[0]! & 0xFF) === 1).length
      expect(calls).toHaveLength(enters)
      expect(dropped).toBe(0)
      const byId = new Map(calls.map(c => [c.callId, c]))
      for (const call of calls) {
        expect(call.status).not.toBe('unfinished')
        expect(call.selfDur).toBeGreaterThanOrEqual(0)
        expect(call.selfDur).toBeLessThanOrEqual(call.dur)
        if (call.parentId !== null) {
          const parent = byId.get(call.parentId)!
          expect(parent.depth).toBe(call.depth - 1)
          expect(call.ts).toBeGreaterThanOrEqual(parent.ts)
          expect(call.ts + call.dur).toBeLessThanOrEqual(parent.ts + parent.dur)
        }
      }
      // Self times partition the time covered by roots.
      const roots = calls.filter(c => c.parentId === null)
      expect(calls.reduce((s, c) => s + c.selfDur, 0)).toBe(roots.reduce((s, c) => s + c.dur, 0))
    }), { numRuns: 300 })
  })
})
