import type { BatchIdentity } from '../shared/ring-buffer.ts'
import { RecordFlag, RecordKind } from '@execscope/core/codec'
import { describe, expect, it } from 'vitest'
import { DEFAULT_ANCHOR_SPAN } from '../shared/ring-buffer.ts'
import { NodeRing } from './node-ring.ts'
import { createSafeTake } from './safe-take.ts'

const TIMED = RecordFlag.Timed << 8
const identity: BatchIdentity = { sessionId: new Uint8Array(16), threadId: 0, timeOriginMs: 1_700_000_000_000 }

/** A consumer on another thread, as the drain worker is: it may only cut where the next batch keeps its anchor. */
function workerTake(ring: NodeRing): (max: number) => ReturnType<ReturnType<typeof createSafeTake>> {
  return createSafeTake({ words: ring.words, capacity: ring.capacity, anchorSpan: ring.anchorSpanRecords, ctrl: new Int32Array(1), safeCutWord: 0, identity, checksum: () => 0 })
}

/** `n` Enter records, every 7th timed, as an instrumented app writes them (one clock high word). */
function produce(ring: NodeRing, n: number): void {
  for (let i = 1; i <= n; i++) {
    if (i % 7 === 0) ring.pushTimed(RecordKind.Enter | TIMED, 3, i, i * 10)
    else ring.push(RecordKind.Enter, 3, i, 0)
  }
}

describe('NodeRing', () => {
  it('keeps a safe cut for the drain worker within a quarter of a small ring', () => {
    // ring.capacity 1024 (the smallest the options allow): with the default anchor span of 2048,
    // the only cut the worker could make in a full ring was before its single Clock record, and
    // a server under load lost 99% of its records.
    const ring = new NodeRing({ capacity: 1024 })
    expect(ring.anchorSpanRecords).toBe(256)
    produce(ring, 1000)
    const take = workerTake(ring)
    let taken = 0
    for (let batch; (batch = take(8192));) taken += batch.count
    // The producer published 768 records; the cut lies at the last Clock record, at most a span
    // (256) before that. With a span of 2048 it lay before the first Clock record: 6 records.
    expect(taken).toBeGreaterThanOrEqual(768 - 256)
  })

  it('keeps the default anchor span in rings of 8192 records and more, and a span given', () => {
    expect(new NodeRing({ capacity: 8192 }).anchorSpanRecords).toBe(DEFAULT_ANCHOR_SPAN)
    expect(new NodeRing({ capacity: 1 << 18 }).anchorSpanRecords).toBe(DEFAULT_ANCHOR_SPAN)
    expect(new NodeRing({ capacity: 1024, anchorSpan: 64 }).anchorSpanRecords).toBe(64)
  })
})
