import type { BatchIdentity, DrainedBatch } from '../shared/ring-buffer.ts'
import { RECORD_WORDS, RecordKind } from '@execscope/core/codec'
import { RingBuffer } from '../shared/ring-buffer.ts'

/** The fields of a ring `RingBuffer.prototype.take` reads: it runs unchanged on this view. */
export interface RingView {
  words: Int32Array
  capacity: number
  mask: number
  writeWord: number
  checksum: (words: Int32Array) => number
}

type Take = (this: RingView, maxRecords: number, identity: BatchIdentity) => DrainedBatch | undefined
// `take` touches only the ring's memory (see the top of ring-buffer.ts), so the consumer on another
// thread calls the very same method on a view of that memory instead of a copy of its code.
const take = RingBuffer.prototype.take as unknown as Take

/** The view of a ring's memory that `take` runs on, from a thread that is not the producer's. */
export function ringView(words: Int32Array, capacity: number, checksum: (words: Int32Array) => number): RingView {
  return { words, capacity, mask: capacity - 1, writeWord: capacity * RECORD_WORDS, checksum }
}

/** `RingBuffer.prototype.take` on `view`: the whole window up to `maxRecords`, for a consumer whose producer has stopped. */
export function takeFromView(view: RingView, maxRecords: number, identity: BatchIdentity): DrainedBatch | undefined {
  return take.call(view, maxRecords, identity)
}

const CLOCK = RecordKind.Clock

export interface SafeTakeOptions {
  /** The ring's memory (a SharedArrayBuffer), as `RingBuffer.words`. */
  words: Int32Array
  capacity: number
  /** The producer's `anchorSpan`. */
  anchorSpan: number
  /** The handover block: its SAFE_CUT word is read here. */
  ctrl: Int32Array
  safeCutWord: number
  identity: BatchIdentity
  checksum: (words: Int32Array) => number
}

/**
 * A consumer on another thread than the producer: `take` that only ends a batch where the batch
 * after it is still self-anchored, since this consumer cannot make the producer's next timed
 * record write a fresh anchor (a same-thread `drain` can). A timed record needs its Clock anchor,
 * the last Clock record before it, in its own batch. Ending a batch at sequence c is safe if
 *   - the record at c is a Clock record (the next batch starts with its anchor), or
 *   - the last Clock record before c lies at least `anchorSpan` records before c (or there is
 *     none since the producer last reset its anchor): then the producer writes a fresh anchor
 *     before its next timed record, because pushTimed does so when the last anchor is that old, or
 *   - c is the ring's SAFE_CUT: the producer reset its anchor there (NodeRing.markCut).
 * `take` itself cuts a backlog longer than `maxRecords` safely (its own proof), so this only
 * chooses how far the batch may reach: the whole window when its end is safe, else the latest
 * safe point in it. If there is none yet, it takes nothing and waits for more records.
 */
export function createSafeTake(options: SafeTakeOptions): (maxRecords: number) => DrainedBatch | undefined {
  const { words: a, capacity, anchorSpan, ctrl, safeCutWord, identity } = options
  const view = ringView(a, capacity, options.checksum)
  const { mask, writeWord } = view
  // Where this consumer's last batch ended, and the sequence number of the last Clock record it
  // took (undefined: none since the producer last reset its anchor, or older than anchorSpan).
  let expectedRead = Atomics.load(a, writeWord + 1)
  let lastClock: number | undefined

  const isClock = (seq: number): boolean => (a[(seq & mask) << 2]! & 0xFF) === CLOCK

  return (maxRecords) => {
    const write = Atomics.load(a, writeWord)
    const read = Atomics.load(a, writeWord + 1)
    // Someone else consumed since (the app thread's own drain): it reset the producer's anchor.
    if (read !== expectedRead) lastClock = undefined
    expectedRead = read
    const pending = (write - read) | 0
    if (pending <= 0) return undefined
    // The last Clock record of the window; only the last anchorSpan records matter for the end.
    let clock: number | undefined
    for (let k = 1; k <= Math.min(pending, anchorSpan); k++) {
      if (isClock(write - k)) {
        clock = (write - k) | 0
        break
      }
    }
    // A window shorter than anchorSpan without a Clock record: the last one may be in our last batch.
    if (clock === undefined && pending < anchorSpan) clock = lastClock
    let end = read
    if (clock === undefined || ((write - clock) | 0) >= anchorSpan) {
      end = write
    }
    else {
      if (((clock - read) | 0) > 0) end = clock
      const safeCut = Atomics.load(ctrl, safeCutWord)
      const ahead = (safeCut - read) | 0
      if (ahead > 0 && ahead <= pending && ahead > ((end - read) | 0)) end = safeCut
    }
    const n = (end - read) | 0
    if (n <= 0) return undefined
    const batch = takeFromView(view, Math.min(n, maxRecords), identity)
    if (!batch) return undefined
    const next = (read + batch.count) | 0
    expectedRead = next
    for (let k = 1; k <= Math.min(batch.count, anchorSpan); k++) {
      if (isClockIn(batch.bytes, batch.count - k)) {
        lastClock = (next - k) | 0
        return batch
      }
    }
    // No Clock record in the batch's last anchorSpan records: its anchor (if any) is too old to matter.
    if (batch.count >= anchorSpan || (lastClock !== undefined && ((next - lastClock) | 0) >= anchorSpan)) lastClock = undefined
    return batch
  }
}

function isClockIn(bytes: Uint8Array, index: number): boolean {
  return bytes[48 + index * 16] === CLOCK
}
