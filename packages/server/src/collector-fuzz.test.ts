import type { AddressInfo } from 'node:net'
import type { Store } from '@execscope/store'
import { createServer } from 'node:http'
import { batchChecksum, BatchFormatError, decodeBatch as decodeBatchPortable, LinkKind } from '@execscope/core'
import { BatchContentError, BatchSequenceError, createStore, decodeBatch } from '@execscope/store'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../store/test/helpers.ts'
import { trace } from '../../store/test/trace-builder.ts'
import { collectorMiddleware } from './index.ts'

/** How one encoded batch is damaged before it is sent. */
type Mutation =
  | { kind: 'none' }
  | { kind: 'flip', at: number, bit: number }
  | { kind: 'truncate', keep: number }
  | { kind: 'extend', bytes: number[] }
  | { kind: 'garbage', bytes: number[] }
  // Change a header field or a record word and fix the checksum, so the semantic checks must catch it.
  | { kind: 'rewrite', at: number, value: number }

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Mutation>({ kind: 'none' }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), keep: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('extend' as const), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 20 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('garbage' as const), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 120 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('rewrite' as const), at: fc.nat(), value: fc.oneof(fc.integer({ min: -3, max: 300 }), fc.integer()) }) },
)

function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  switch (m.kind) {
    case 'none': return bytes
    case 'flip': {
      const out = bytes.slice()
      out[m.at % out.length]! ^= 1 << m.bit
      return out
    }
    case 'truncate': return bytes.slice(0, m.keep % bytes.length)
    case 'extend': return Uint8Array.from([...bytes, ...m.bytes])
    case 'garbage': return Uint8Array.from(m.bytes)
    case 'rewrite': {
      const out = bytes.slice()
      const view = new DataView(out.buffer)
      // A 32-bit word anywhere after the magic, then a checksum that covers it (a sender's bug, not damage).
      const word = 1 + (m.at % (out.length / 4 - 1))
      view.setInt32(word * 4, m.value, true)
      if (word !== 9) view.setUint32(36, batchChecksum(out), true)
      return out
    }
  }
}

/** A thread's trace of complete calls, each scheduling the next (link records), cut into batches of ~12 records. */
const threadTraceArb = fc.array(fc.record({
  site: fc.integer({ min: 1, max: 6 }),
  inner: fc.nat({ max: 3 }),
  gap: fc.integer({ min: 1, max: 1000 }),
  // What started the call: nothing recorded, the timer the previous call set, or something outside the app.
  cause: fc.constantFrom('none', 'timer', 'outside'),
}), { minLength: 4, maxLength: 30 })

function encodeThread(steps: Array<{ site: number, inner: number, gap: number, cause: string }>, threadId: number): Uint8Array[] {
  const t = trace()
  let ts = 0
  steps.forEach((step, k) => {
    const [kind, token] = step.cause === 'timer' ? [LinkKind.Timer, k] : [LinkKind.Event, 0]
    const isLinked = step.cause === 'outside' || (step.cause === 'timer' && k > 0)
    if (isLinked) t.linkIn(kind, token, ts += 1)
    t.enter(step.site, ts += step.gap).linkOut(LinkKind.Timer, k + 1, ts += 1)
    for (let i = 0; i < step.inner; i++) t.enter(10 + i, ts += 3).exit(10 + i, ts += 4)
    t.exit(step.site, ts += step.gap)
    if (isLinked) t.linkEnd(kind, token, ts += 1)
  })
  const out: Uint8Array[] = []
  for (let from = 0; from < t.records.length; from += 12) out.push(t.encode({ threadId, session: 7 }, from, Math.min(from + 12, t.records.length)))
  return out
}

describe('collector fuzz', () => {
  let store: Store
  let dispose: () => void
  beforeAll(async () => {
    const dir = tempDir()
    dispose = dir.dispose
    // No waiting for late batches here: an ahead batch records its gap at once, which keeps 10 000 cases fast.
    store = await createStore({ file: `${dir.dir}/trace.duckdb`, reorder: { holdMs: 0 } })
  })
  afterAll(async () => {
    await store.close()
    dispose()
  })

  it('rejects every damaged batch with a reason, stores nothing of it, and stores accepted ones whole (10 000+ batches, decode + ingest)', async () => {
    let threadId = 1
    let cases = 0
    // What was accepted per (session, thread): a rewritten header can send a batch to another thread.
    const expected = new Map<string, { sessionId: string, threadId: number, batches: number, calls: number }>()
    let rejected = 0
    // The session's time origin comes from its first batch, and a thread whose origin is 30 days
    // from it is refused. A 'rewrite' reseals the header, so a first batch with a rewritten origin
    // would set a wrong one and every later thread would be refused (one run in a few hundred did):
    // the session starts with an intact batch, as a runtime's does.
    for (const bytes of encodeThread([{ site: 1, inner: 0, gap: 1, cause: 'none' }], 100_000)) await store.ingest(decodeBatch(bytes))
    await fc.assert(fc.asyncProperty(threadTraceArb, fc.array(mutationArb, { minLength: 20, maxLength: 20 }), fc.array(fc.nat(), { maxLength: 6 }), async (steps, mutations, swaps) => {
      const thread = threadId++
      const clean = encodeThread(steps, thread)
      // Reorder: swap pairs; duplicate: send some batches twice.
      const order = clean.map((_, i) => i)
      for (const s of swaps) {
        const a = s % order.length
        const b = (s >> 3) % order.length;
        [order[a], order[b]] = [order[b]!, order[a]!]
      }
      // 20 sends per thread: the batches in (swapped) order, then again (duplicates), each mutated or not.
      const sends = mutations.map((mutation, k) => mutate(clean[order[k % order.length]!]!, mutation))
      const touched = new Set<string>()
      for (const bytes of sends) {
        cases++
        let fast: ReturnType<typeof decodeBatch> | undefined
        let fastError: unknown
        try {
          fast = decodeBatch(bytes)
        }
        catch (error) {
          fastError = error
        }
        // The collector's decoder agrees with the portable one: same verdict, same reason, same records.
        let portableError: unknown
        try {
          const portable = decodeBatchPortable(bytes)
          expect(fast && { ...fast, records: [...fast.records] }).toEqual({ ...portable, records: [...portable.records] })
        }
        catch (error) {
          portableError = error
        }
        if (fastError !== undefined || portableError !== undefined) {
          expect(fastError).toBeInstanceOf(BatchFormatError)
          expect((fastError as Error).message).toBe((portableError as Error).message)
          expect((fastError as Error).message.length).toBeGreaterThan(10)
          rejected++
          continue
        }
        try {
          const result = await store.ingest(fast!)
          const key = `${fast!.sessionId}/${fast!.threadId}`
          const entry = expected.get(key) ?? { sessionId: fast!.sessionId, threadId: fast!.threadId, batches: 0, calls: 0 }
          entry.batches++
          entry.calls += result.calls
          expected.set(key, entry)
          touched.add(key)
        }
        catch (error) {
          // A duplicate or a batch behind its thread's sequence, or times out of range: rejected with its reason, nothing stored.
          expect([BatchSequenceError, BatchContentError].some(type => error instanceof type), String(error)).toBe(true)
          rejected++
        }
      }
      for (const key of touched) {
        const want = expected.get(key)!
        const [stored] = await store.query(`SELECT (SELECT count(*) FROM batches b JOIN threads t USING (utid) WHERE t.session_id = $1 AND t.thread_id = $2) AS batches,
          (SELECT coalesce(sum(calls), 0) FROM batches b JOIN threads t USING (utid) WHERE t.session_id = $1 AND t.thread_id = $2) AS batch_calls,
          (SELECT count(*) FROM calls_named WHERE session_id = $1 AND thread_id = $2) AS calls`, [want.sessionId, want.threadId]) as [Record<string, number>]
        expect(stored).toEqual({ batches: want.batches, batch_calls: want.calls, calls: want.calls })
      }
    }), { numRuns: 520 })
    expect(cases).toBeGreaterThanOrEqual(10_000)
    expect(rejected).toBeGreaterThan(cases / 4)
    // Links were paired, and only ever between calls of their own thread, cause before effect.
    expect(await store.query(`SELECT (SELECT count(*) FROM links) > 100 AS has_links, (SELECT count(*) FROM call_origins) > 100 AS has_origins,
      (SELECT count(*) FROM links l JOIN calls f ON f.call_id = l.from_call_id JOIN calls e ON e.call_id = l.to_call_id
        WHERE f.utid <> l.from_utid OR e.utid <> l.to_utid OR l.to_call_id <= l.from_call_id OR l.ts < f.ts OR l.ts > f.end_ts) AS bad`))
      .toEqual([{ has_links: true, has_origins: true, bad: 0 }])
  }, 120_000)

  it('answers 400 with the reason over HTTP, stores nothing of those, and keeps accepting good batches', async () => {
    const middleware = collectorMiddleware({ store })
    const server = createServer((req, res) => middleware(req, res, () => {
      res.statusCode = 404
      res.end()
    }))
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/__execscope/ingest`
    const post = (body: Uint8Array): Promise<Response> => fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/octet-stream' } })
    try {
      const before = await store.query('SELECT count(*) AS n FROM batches')
      const statuses = new Map<number, number>()
      await fc.assert(fc.asyncProperty(threadTraceArb, mutationArb.filter(m => m.kind !== 'none'), async (steps, mutation) => {
        const bytes = mutate(encodeThread(steps, 9999)[0]!, mutation)
        let isValid = true
        try {
          decodeBatch(bytes)
        }
        catch {
          isValid = false
        }
        if (isValid) return
        const response = await post(bytes)
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
        expect(response.status).toBe(400)
        expect(await response.text()).toMatch(/^\[execscope\] Batch rejected: .+\. Nothing was stored\.$/)
      }), { numRuns: 300 })
      expect(await store.query('SELECT count(*) AS n FROM batches')).toEqual(before)
      // Still up: a good batch of a new thread goes in.
      const good = encodeThread([{ site: 1, inner: 1, gap: 5, cause: 'none' }], 424242)[0]!
      expect((await post(good)).status).toBe(204)
      expect(await store.query('SELECT count(*) AS n FROM calls WHERE thread_id = 424242')).toEqual([{ n: 2 }])
    }
    finally {
      await new Promise(resolve => server.close(resolve))
    }
  }, 60_000)
})
