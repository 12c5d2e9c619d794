import type { DecodedBatch } from '@execscope/core'
import type { CallRow, LinkRow, OriginRow, SegmentRow, ValueRow } from './rows.ts'
import { ValueRole } from '@execscope/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nestedTraceArb } from '../../test/trace-arbitraries.ts'
import { TraceBuilder } from '../../test/trace-builder.ts'
import { correlateBatch, finishThread } from './correlate-batch.ts'
import { createThreadState } from './thread-state.ts'

/**
 * Any mix of records, including orphans, async pairs, drops, untimed records, link records (tokens
 * reused, ends lost) and value records (of either role after any record, headers without their
 * bytes, bytes without a header).
 */
const anyTraceArb: fc.Arbitrary<TraceBuilder> = fc.array(fc.record({
  kind: fc.constantFrom('enter', 'exit', 'throws', 'suspend', 'resume', 'drop', 'linkOut', 'linkIn', 'linkEnd', 'value', 'valueHeader', 'valueBytes'),
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
    else if (s.kind === 'linkOut') t.linkOut(s.site, 1 + s.asyncId, at)
    else if (s.kind === 'linkIn') t.linkIn(s.site, s.asyncId, at)
    else if (s.kind === 'linkEnd') t.linkEnd(s.site, s.asyncId, at)
    else if (s.kind === 'value') t.value(s.site === 1 ? ValueRole.Thrown : ValueRole.Returned, JSON.stringify('vé'.repeat(s.asyncId * 4)))
    else if (s.kind === 'valueHeader') t.valueHeader(s.site === 1 ? ValueRole.Thrown : ValueRole.Returned, 1 + s.asyncId * 10)
    else if (s.kind === 'valueBytes') t.valueBytes('x'.repeat(1 + s.asyncId * 5))
    else t.drop(1 + (s.gap % 5))
  }
  return t
})

interface Replayed {
  calls: CallRow[]
  segments: SegmentRow[]
  links: LinkRow[]
  origins: OriginRow[]
  values: ValueRow[]
  forgottenCauses: number
  dropped: number
}

function replay(batches: DecodedBatch[], maxLinkCauses?: number): Replayed {
  let state = createThreadState(undefined, maxLinkCauses)
  let nextCallId = 1
  const out: Replayed = { calls: [], segments: [], links: [], origins: [], values: [], forgottenCauses: 0, dropped: 0 }
  for (const batch of batches) {
    const result = correlateBatch(state, batch, nextCallId)
    state = result.state
    nextCallId = result.nextCallId
    out.calls.push(...result.calls.rows())
    out.segments.push(...result.segments.rows())
    out.links.push(...result.links)
    out.origins.push(...result.origins)
    out.values.push(...result.values)
    out.forgottenCauses += result.forgottenCauses
    out.dropped += result.drops.reduce((sum, d) => sum + d.count, 0)
  }
  const last = finishThread(state)
  out.calls.push(...last.calls.rows())
  out.segments.push(...last.segments.rows())
  return out
}

const cutsArb = fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 8 })

describe('correlateBatch (properties)', () => {
  it('gives the same rows however a trace is split into batches', () => {
    fc.assert(fc.property(fc.oneof(nestedTraceArb, anyTraceArb), cutsArb, fc.integer({ min: 1, max: 6 }), (t, cuts, maxLinkCauses) => {
      expect(replay(t.batches(cuts), maxLinkCauses)).toEqual(replay([t.batch()], maxLinkCauses))
    }), { numRuns: 300 })
  })

  it('writes one segment row per segment of each call that suspended, inside the call, in order', () => {
    fc.assert(fc.property(anyTraceArb, (t) => {
      const { calls, segments } = replay([t.batch()])
      const byCall = new Map<number, SegmentRow[]>()
      for (const segment of segments) byCall.set(segment.callId, [...(byCall.get(segment.callId) ?? []), segment])
      for (const call of calls) {
        const own = byCall.get(call.callId) ?? []
        if (own.length === 0) continue
        expect(own).toHaveLength(call.segments)
        expect(own[0]!.ts).toBe(call.ts)
        expect(own[0]!.stackOrder).toBe(call.callId)
        for (let i = 0; i < own.length; i++) {
          expect(own[i]!.endTs).toBeGreaterThanOrEqual(own[i]!.ts)
          expect(own[i]!.endTs).toBeLessThanOrEqual(call.ts + call.dur)
          if (i > 0) expect(own[i]!.ts).toBeGreaterThanOrEqual(own[i - 1]!.endTs)
        }
      }
      for (const link of replay([t.batch()]).links) expect(link.toCallId).toBeGreaterThan(link.fromCallId)
    }), { numRuns: 300 })
  })

  it('gives a value only to a call that ended the way its role says, at most one per call', () => {
    fc.assert(fc.property(fc.oneof(nestedTraceArb, anyTraceArb), (t) => {
      const { calls, values } = replay([t.batch()])
      const byId = new Map(calls.map(c => [c.callId, c]))
      expect(new Set(values.map(v => v.callId)).size).toBe(values.length)
      for (const value of values) {
        const call = byId.get(value.callId)!
        expect(call.status).toBe(value.role === ValueRole.Thrown ? 'throw' : 'return')
        expect(value.siteId).toBe(call.siteId)
        expect(value.ts).toBe(call.ts + call.dur)
        expect(() => JSON.parse(value.preview)).not.toThrow()
      }
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
