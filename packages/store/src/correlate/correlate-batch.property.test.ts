import type { DecodedBatch } from '@execscope/core'
import type { CallRow, LinkRow, OriginRow, SegmentRow, StateRow, ValueRow } from './rows.ts'
import type { MessageSideRow } from './message-rows.ts'
import { LinkKind, ValueRole } from '@execscope/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nestedTraceArb } from '../../test/trace-arbitraries.ts'
import { TraceBuilder } from '../../test/trace-builder.ts'
import { correlateBatch, finishThread } from './correlate-batch.ts'
import { createThreadState } from './thread-state.ts'

/** Link kinds 1, 2 and Message, the kind whose windows take message receipts. */
const linkKind = (site: number): number => (site === 3 ? LinkKind.Message : site)

/**
 * Any mix of records, including orphans, async pairs, drops, untimed records, link records (tokens
 * reused, ends lost), message records inside and outside Message windows, and value records (of
 * either role after any record, headers without their bytes, bytes without a header).
 */
const anyTraceArb: fc.Arbitrary<TraceBuilder> = fc.array(fc.record({
  kind: fc.constantFrom('enter', 'exit', 'throws', 'suspend', 'resume', 'drop', 'linkOut', 'linkIn', 'linkEnd', 'value', 'valueHeader', 'valueBytes', 'messageSend', 'messageReceive', 'state', 'stateValue', 'arguments'),
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
    else if (s.kind === 'linkOut') t.linkOut(linkKind(s.site), 1 + s.asyncId, at)
    else if (s.kind === 'linkIn') t.linkIn(linkKind(s.site), s.asyncId, at)
    else if (s.kind === 'linkEnd') t.linkEnd(linkKind(s.site), s.asyncId, at)
    else if (s.kind === 'value') t.value(s.site === 1 ? ValueRole.Thrown : ValueRole.Returned, JSON.stringify('vé'.repeat(s.asyncId * 4)))
    else if (s.kind === 'valueHeader') t.valueHeader(s.site === 1 ? ValueRole.Thrown : ValueRole.Returned, 1 + s.asyncId * 10)
    else if (s.kind === 'valueBytes') t.valueBytes('x'.repeat(1 + s.asyncId * 5))
    else if (s.kind === 'messageSend') t.messageSend(s.site, 1 + s.asyncId, s.isTimed, at)
    else if (s.kind === 'messageReceive') t.messageReceive(s.site, 1 + s.asyncId, s.isTimed, at)
    // A change with its previews (old and new, or new only), or alone; a State value may also come after anything.
    else if (s.kind === 'state') t.state(10 + s.site, 1 + s.asyncId, at, s.asyncId === 0 ? undefined : s.asyncId === 1 ? ['new'] : ['old', 'é'.repeat(s.asyncId * 5)])
    else if (s.kind === 'stateValue') t.value(ValueRole.State, JSON.stringify([s.site]))
    else if (s.kind === 'arguments') t.value(ValueRole.Arguments, JSON.stringify({ a: 'x'.repeat(s.asyncId * 7) }))
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
  messages: MessageSideRow[]
  states: StateRow[]
  forgottenCauses: number
  dropped: number
}

function replay(batches: DecodedBatch[], maxLinkCauses?: number): Replayed {
  let state = createThreadState(undefined, maxLinkCauses)
  let nextCallId = 1
  const out: Replayed = { calls: [], segments: [], links: [], origins: [], values: [], messages: [], states: [], forgottenCauses: 0, dropped: 0 }
  for (const batch of batches) {
    const result = correlateBatch(state, batch, nextCallId)
    state = result.state
    nextCallId = result.nextCallId
    out.calls.push(...result.calls.rows())
    out.segments.push(...result.segments.rows())
    out.links.push(...result.links)
    out.origins.push(...result.origins)
    out.values.push(...result.values)
    out.messages.push(...result.messages)
    out.states.push(...result.states)
    out.forgottenCauses += result.forgottenCauses
    out.dropped += result.drops.reduce((sum, d) => sum + d.count, 0)
  }
  const last = finishThread(state)
  out.calls.push(...last.calls.rows())
  out.segments.push(...last.segments.rows())
  out.messages.push(...last.messages)
  out.states.push(...last.states)
  return out
}

const cutsArb = fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 8 })

describe('correlateBatch (properties)', () => {
  it('gives the same rows however a trace is split into batches', () => {
    fc.assert(fc.property(fc.oneof(nestedTraceArb, anyTraceArb), cutsArb, fc.integer({ min: 1, max: 6 }), (t, cuts, maxLinkCauses) => {
      expect(replay(t.batches(cuts), maxLinkCauses)).toEqual(replay([t.batch()], maxLinkCauses))
    }), { numRuns: 300 })
  })

  it('gives each message record one row, a receipt the first call entered in its Message window at its depth or none', () => {
    fc.assert(fc.property(anyTraceArb, cutsArb, (t, cuts) => {
      const { calls, messages } = replay(t.batches(cuts))
      const records = t.records.filter(r => (r[0]! & 0xFF) === 13 || (r[0]! & 0xFF) === 14)
      expect(messages).toHaveLength(records.length)
      expect(messages.filter(m => m.isReceive)).toHaveLength(records.filter(r => (r[0]! & 0xFF) === 14).length)
      const byId = new Map(calls.map(c => [c.callId, c]))
      for (const m of messages) {
        if (m.callId === null) continue
        const call = byId.get(m.callId)!
        // A send's call was running when it was posted; a receipt's call started after it.
        if (m.isReceive) expect(call.ts).toBeGreaterThanOrEqual(m.ts)
        else expect(call.ts).toBeLessThanOrEqual(m.ts)
      }
    }), { numRuns: 300 })
  })

  it('gives each State record one row, with its previews when they came right after it, by the call on top of the stack', () => {
    fc.assert(fc.property(anyTraceArb, cutsArb, (t, cuts) => {
      const { calls, states } = replay(t.batches(cuts))
      expect(states).toHaveLength(t.records.filter(r => (r[0]! & 0xFF) === 12).length)
      const byId = new Map(calls.map(c => [c.callId, c]))
      for (const change of states) {
        expect(change.siteId).toBeGreaterThan(10)
        if (change.newPreview !== null) expect(() => JSON.parse(change.newPreview!)).not.toThrow()
        if (change.oldPreview !== null) expect(change.newPreview).not.toBeNull()
        if (change.callId === null) continue
        const call = byId.get(change.callId)!
        expect(call.ts).toBeLessThanOrEqual(change.ts)
        expect(call.ts + call.dur).toBeGreaterThanOrEqual(change.ts)
      }
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
      expect(new Set(values.map(v => `${v.callId}:${v.role === ValueRole.Arguments}`)).size).toBe(values.length)
      for (const value of values) {
        const call = byId.get(value.callId)!
        expect(value.siteId).toBe(call.siteId)
        if (value.role === ValueRole.Arguments) {
          expect(value.ts).toBe(call.ts)
          continue
        }
        expect(call.status).toBe(value.role === ValueRole.Thrown ? 'throw' : 'return')
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
