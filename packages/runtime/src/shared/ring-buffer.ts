/*
 * Index protocol (read this before touching the ring).
 *
 * Memory: one Int32Array over a SharedArrayBuffer (a plain ArrayBuffer where SAB is unavailable).
 * Words [0, capacity * 4) hold the record slots; the two words after them are the header:
 *
 *   WRITE (capacity * 4 + 0): sequence number one past the last record the producer published.
 *                             Written only by the producer, always with Atomics.store.
 *   READ  (capacity * 4 + 1): sequence number of the first record the consumer has not released.
 *                             Written only by the consumer, always with Atomics.store.
 *
 * Sequence numbers count every record ever written on this thread, modulo 2^32 (held as int32);
 * a record with sequence s lives in slot s & (capacity - 1). Dropped records are never written,
 * so they take no sequence number; the Drop record that reports them does.
 *
 * Producer (the thread that runs the app): keeps its write position in a field (`w`, wrapped at
 * 2^30 so it stays a small integer) and a `limit`, and writes slot words with plain stores. Only
 * when `w` reaches `limit` (at most every PUBLISH_EVERY records, or when its last view of the
 * ring said it was full) does it take the slow path: Atomics.store(WRITE), then Atomics.load(READ)
 * to see how much space the consumer has released, and compute the next limit. So the common
 * write is four plain stores and one comparison.
 *
 * Consumer: Atomics.load(WRITE), copy the slots in [READ, WRITE), then Atomics.store(READ).
 *
 * Why this is safe without locks: Atomics operations are sequentially consistent, so the plain
 * slot stores the producer made before its Atomics.store(WRITE) are visible to a consumer whose
 * Atomics.load(WRITE) returns that value; symmetrically, the consumer has finished copying slots
 * before its Atomics.store(READ), and the producer only reuses a slot after an Atomics.load(READ)
 * that has moved past it. Each word has a single writer, so no compare-and-swap is needed. The
 * producer never sees more free space than exists (its view of READ can only lag), and the
 * consumer never sees unwritten slots (its view of WRITE can only lag).
 *
 * The browser's consumer runs on the producer's thread (`drain`), which also publishes first. In
 * Node a drain worker runs `take` against the same SharedArrayBuffer: `take` reads only `words`,
 * `capacity`, `mask`, `writeWord` and `checksum` of `this`, so the worker calls this very method on
 * a view of the memory (node/safe-take.ts); keep it that way. It cannot do the two producer-side
 * chores `drain` does afterwards: the producer writes a pending Drop record at its next slow path
 * (or its own thread's next drain or timer tick), and since nothing makes its next timed record
 * write a fresh anchor, that consumer ends a batch only where the next one is anchored anyway
 * (the rule is in safe-take.ts). Which consumer may run `take` when is node/drain-control.ts.
 *
 * Overflow, 'drop-newest' (default): refuses the record, counts it, and once two slots are free
 * writes a Drop record with the count before the next record. A Drop record is only ever written
 * into space that exists, so it is never lost itself. It also says how the stack moved while
 * records were refused (see RecordKind.Drop): the refused records' kinds are read when they are
 * counted, so the replay of the calls after the loss is exact, not nested under calls that ended
 * in it. A full ring refuses records without a branch
 * of their own: `push` keeps writing, but into a small private "trash" array (`sink`), and only
 * every REFUSE_BATCH records does it look at READ again and count the refused ones (the distance
 * `w` moved in the trash). So dropping costs what writing costs, and no more than that; a
 * consumer on another thread that frees space is noticed at most REFUSE_BATCH records late.
 *
 * Overflow, 'flight-recorder' (keep the last N, overwrite the oldest; `FlightRecorderRing`, a
 * subclass, so browser bundles do not carry it): when the ring is full the producer releases the oldest `overwriteChunk` slots itself and stores READ. That makes READ a word
 * with two writers, so this mode is only valid with a same-thread consumer (`drain`), which is
 * what the runtime uses; the constructor cannot enforce it, `take` from another thread would race.
 * The released slots are not just forgotten: the last two of them are rewritten in place as a Drop
 * record (how many data records were lost so far, carrying the counts of Drop records it released)
 * and, if a Clock record was released, a Clock record with the last released high word, so the
 * window still decodes, each timed record still has its anchor, and the loss is reported in-band
 * where it happened (at the start of the window). READ moves to the first rewritten slot, so the
 * sequence numbers of the lost records are simply skipped. It never refuses a record.
 *
 * Clock anchors: timed records carry the low 32 bits of a nanosecond time; a Clock record carries
 * the high 32 bits. `pushTimed` writes an anchor when the high word changed, after every drain
 * and drop, and at least once every `anchorSpan` records. `take` cuts an over-long backlog just
 * before a Clock record when the window has one. Together these give every batch, including one
 * cut out of a long backlog, the anchor its timed records need, provided batches are at least
 * max(2, `anchorSpan`) records long (the proof is in `take`).
 */
import { MAX_BATCH_RECORDS, RECORD_WORDS, writeHeader } from '@execscope/core/codec'
import { crc32Words } from './crc32-words.ts'

/**
 * How a full ring behaves: refuse and count new records ('drop-newest'), or overwrite the oldest
 * and keep the last N ('flight-recorder', same-thread consumer only). See the top of the file.
 */
export type OverflowMode = 'drop-newest' | 'flight-recorder'

export interface RingBufferOptions {
  /** Slots, in records (16 bytes each); a power of two from 16 to 2^28. */
  capacity: number
  /** What a full ring does. @default 'drop-newest' */
  overflow?: OverflowMode
  /** Back the ring with a SharedArrayBuffer when the realm has one. @default true */
  shared?: boolean
  /**
   * A timed record always has a Clock anchor at most this many records before it; batches cut from
   * a backlog must be at least this long to be self-anchored. An integer from 1 to 2^30 - 1 (not
   * checked: only tests set it). @internal
   * @default 2048
   */
  anchorSpan?: number
  /**
   * Sequence number of the first record, so tests can start right before the 2^32 wrap.
   * @internal
   * @default 0
   */
  startSeq?: number
  /**
   * CRC-32 of the record bytes of a batch (words.length is even); Node passes `zlib.crc32`,
   * about six times faster than the portable one. @default crc32Words
   */
  checksum?: (words: Int32Array) => number
}

/** Who a batch belongs to; copied into its header. */
export interface BatchIdentity {
  /** 16 random bytes, one per page load or process. */
  sessionId: Uint8Array
  /** 0 for the main thread. */
  threadId: number
  /** The thread's time origin, Unix epoch milliseconds (`performance.timeOrigin`). */
  timeOriginMs: number
}

/** One encoded batch taken from the ring. */
export interface DrainedBatch {
  /** The whole batch (header and records), ready to send. */
  bytes: Uint8Array<ArrayBuffer>
  /** Sequence number of the first record, an unsigned 32-bit integer. */
  firstSeq: number
  /** Number of records. */
  count: number
}

/** The producer publishes WRITE and refreshes its view of READ at least this often. */
export const PUBLISH_EVERY: number = 256
/** Default `anchorSpan`: a timed record never lies further than this after its Clock anchor. */
export const DEFAULT_ANCHOR_SPAN: number = 2048
/** Word index wrap: `w` stays below 2^30 so V8 keeps it a small integer. */
const WRAP = 1 << 30
const WRAP_MASK = WRAP - 1
const INT32_MAX = 0x7FFFFFFF
const KIND_MASK = 0xFF
// RecordKind.Clock, RecordKind.Drop and RecordFlag.Timed as literals, so the browser runtime does
// not carry those objects (bytes against its 4 KB budget); the ring's property tests decode what it
// writes with @execscope/core, so a mismatch fails there.
const CLOCK = 6
const DROP = 7
const TIMED_FLAG = 1 << 8
/** A full ring re-reads READ once every this many refused records (drop-newest). */
export const REFUSE_BATCH: number = 64

/** Whether `n` is an integer power of two (1 included). @internal */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0
}

/** A configuration error: what was expected, and the value given. @internal */
export function badOption(expected: string, value: unknown): RangeError {
  return new RangeError(`[execscope] ${expected}, got ${JSON.stringify(value)}.`)
}

/** Single-producer ring of fixed-size records. */
export class RingBuffer {
  // Fields the constructor sets are `declare`d: emitted class fields would cost the browser
  // runtime bytes of its 4 KB budget, and the constructor gives every ring the same shape anyway.
  /** Slots then header; exposed so a worker consumer can be handed the same memory. */
  declare readonly words: Int32Array
  declare readonly capacity: number
  /**
   * The clock's step in nanoseconds (0: unknown), carried in word 3 of every Clock record so the
   * trace says how fine this thread's times are (browsers coarsen them to 100 µs unless the page
   * is cross-origin isolated). Set by the recorder.
   */
  clockResolutionNs: number = 0
  /** Refused records counted so far (see `settle`). */
  protected droppedCounted: number = 0
  /** Index of the WRITE header word; READ is the next one. */
  protected declare readonly writeWord: number
  protected declare readonly mask: number
  protected declare readonly anchorSpan: number
  /** Producer: next write position, in [0, 2^30]. */
  protected declare w: number
  /** Producer: sequence number of position 0 of the current 2^30 epoch. */
  protected declare seqBase: number
  /** Producer: `push` takes the slow path when `w` reaches this. */
  protected declare limit: number
  /** Producer: refused records not yet reported by a Drop record. */
  protected dropped: number = 0
  /** Producer: high time word of the last anchor, -1 when the next timed record needs one. */
  protected clockHigh: number = -1
  /** Producer: position of the last anchor, modulo 2^30. */
  protected anchorW: number = 0
  /** Producer: where `push` writes: `words`, or `trash` while the ring is full. */
  protected declare sink: Int32Array
  protected declare sinkMask: number
  protected readonly trash: Int32Array = new Int32Array(REFUSE_BATCH * RECORD_WORDS)
  /** Producer, while refusing: the real `w`; `w - trashBase` records went to the trash since the last `settle`. */
  protected trashBase: number = 0
  /**
   * Producer: frames pushed less frames popped by the refused records not yet reported, and the
   * lowest that sum reached: how many frames running when the loss began ended in it (-low), and
   * how many entered in it still run (depth - low). Reported by the next Drop record.
   */
  protected lostDepth: number = 0
  protected lostLow: number = 0
  protected declare readonly checksum: (words: Int32Array) => number

  constructor(options: RingBufferOptions) {
    const { capacity } = options
    if (!isPowerOfTwo(capacity) || capacity < 16 || capacity > 1 << 28)
      throw badOption('ringCapacity must be a power of two from 16 to 2^28', capacity)
    const overflow = options.overflow ?? 'drop-newest'
    if (overflow !== 'drop-newest')
      throw badOption('RingBuffer overflow must be "drop-newest"', overflow)
    const anchorSpan = options.anchorSpan ?? DEFAULT_ANCHOR_SPAN
    const bytes = (capacity * RECORD_WORDS + 2) * 4
    const useShared = options.shared !== false && typeof SharedArrayBuffer === 'function'
    this.words = new Int32Array(useShared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes))
    // Each written twice: V8 treats a field that was never written again as a constant in the code
    // that inlines `push`, and the first full ring would then deoptimize all of that code at once
    // (every instrumented function, measured on dayjs), just when the app is busiest.
    this.sink = this.trash
    this.sinkMask = 0
    this.sink = this.words
    this.sinkMask = capacity - 1
    this.checksum = options.checksum ?? crc32Words
    this.capacity = capacity
    this.mask = capacity - 1
    this.anchorSpan = anchorSpan
    this.writeWord = capacity * RECORD_WORDS
    const start = (options.startSeq ?? 0) | 0
    this.w = start & WRAP_MASK
    this.seqBase = (start - this.w) | 0
    this.limit = this.w
    this.anchorW = (this.w - anchorSpan) & WRAP_MASK
    this.words[this.writeWord] = start
    this.words[this.writeWord + 1] = start
  }

  /**
   * Appends one record; returns false if it was dropped. Hot path: no allocation, no throw.
   * `w0` is kind | flags << 8.
   */
  push(w0: number, site: number, payload: number, time: number): boolean {
    // Kept small on purpose: instrumented functions inline it twice, and V8's inlining budget is
    // per optimized function, so every byte here is a byte less for inlining the app's own code.
    let w = this.w
    if (w === this.limit) w = this.atLimit()
    const i = (w & this.sinkMask) << 2
    const a = this.sink
    a[i] = w0
    a[i + 1] = site
    a[i + 2] = payload
    a[i + 3] = time
    this.w = w + 1
    return a === this.words
  }

  /**
   * Appends a timed record at `ns` nanoseconds since the time origin, preceded by a Clock anchor
   * when the batch it lands in may not have one. Returns false if it was dropped.
   */
  pushTimed(w0: number, site: number, payload: number, ns: number): boolean {
    const high = (ns / 4294967296) | 0
    if (high !== this.clockHigh || ((this.w - this.anchorW) & WRAP_MASK) >= this.anchorSpan) {
      // A timed record without its anchor would get the wrong time: when the ring refused the
      // anchor, the record goes without its time (to the trash too, unless that was its last slot).
      if (!this.push(CLOCK, 0, high, this.clockResolutionNs)) return this.push(w0 & ~TIMED_FLAG, site, payload, 0)
      // Set after the push: the slow path may have written a Drop record and reset the anchor.
      this.clockHigh = high
      this.anchorW = (this.w - 1) & WRAP_MASK
    }
    return this.push(w0, site, payload, ns | 0)
  }

  /**
   * True while a full ring refuses records without looking at READ: a record written now would be
   * dropped, so the recorder skips the clock read for it.
   */
  get isRefusing(): boolean {
    return this.sink !== this.words
  }

  /** Records refused because the ring was full, since creation. */
  get droppedTotal(): number {
    this.settle()
    return this.droppedCounted
  }

  /** Records written and not yet taken by the consumer, as the producer sees it. */
  get pending(): number {
    return (this.seq() - Atomics.load(this.words, this.writeWord + 1)) | 0
  }

  /** Sequence number the next written record will get (unsigned). */
  get nextSeq(): number {
    return this.seq() >>> 0
  }

  /** Producer: makes every record written so far visible to the consumer. */
  publish(): void {
    Atomics.store(this.words, this.writeWord, this.seq())
  }

  /**
   * Same-thread drain: publishes, takes up to `maxRecords` records as one encoded batch, then
   * does the producer's share (a consumer on another thread would have to signal these): the next
   * timed record writes a fresh anchor, and a pending Drop record is written now that there is
   * room, so a drop is reported even if the app records nothing more.
   */
  drain(maxRecords: number, identity: BatchIdentity): DrainedBatch | undefined {
    this.publish()
    const batch = this.take(maxRecords, identity)
    this.clockHigh = -1
    this.atLimit()
    return batch
  }

  /**
   * Consumer: takes up to `maxRecords` published records as one batch and releases their slots.
   * Uses only the memory (the fields listed at the top of the file), so it runs on another thread.
   */
  take(maxRecords: number, identity: BatchIdentity): DrainedBatch | undefined {
    const a = this.words
    const mask = this.mask
    const write = Atomics.load(a, this.writeWord)
    const read = Atomics.load(a, this.writeWord + 1)
    const pending = (write - read) | 0
    const max = Math.min(maxRecords, MAX_BATCH_RECORDS)
    if (pending <= 0 || max < 1) return undefined
    let n = pending
    if (n > max) {
      // Cut just before the last Clock record in (read, read + max], so the next batch starts with
      // its anchor. If the window has none, a timed record after the cut still has its anchor after
      // the cut: the anchor lies at most max(1, anchorSpan - 1) records back, and the last one
      // before the cut is at or before `read`, max records back. So max >= 2 and >= anchorSpan.
      n = max
      for (let k = max; k >= 1; k--) {
        if ((a[((read + k) & mask) << 2]! & KIND_MASK) === CLOCK) {
          n = k
          break
        }
      }
    }
    const out = new Uint8Array(48 + n * 16)
    const body = new Int32Array(out.buffer, 48, n * RECORD_WORDS)
    const first = read & mask
    const head = Math.min(n, this.capacity - first)
    body.set(a.subarray(first << 2, (first + head) << 2))
    if (n > head) body.set(a.subarray(0, (n - head) << 2), head << 2)
    writeHeader(out, { ...identity, firstSeq: read }, n, this.checksum(body), this.checksum)
    Atomics.store(a, this.writeWord + 1, (read + n) | 0)
    return { bytes: out, firstSeq: read >>> 0, count: n }
  }

  /**
   * Producer: `push` reached `limit`. Leaves the trash (counting what went there), makes room, and
   * goes (back) to the trash if there is none. Returns the `w` to write at.
   */
  protected atLimit(): number {
    if (this.sink !== this.words) {
      this.settle()
      this.sink = this.words
      this.sinkMask = this.mask
    }
    if (!this.room()) {
      this.trashBase = this.w
      this.sink = this.trash
      this.sinkMask = REFUSE_BATCH - 1
      this.limit = this.w + REFUSE_BATCH
    }
    return this.w
  }

  /**
   * Producer: counts the records written into the trash so far as dropped and rewinds `w` to
   * `trashBase` (the trash is scratch space; its limit stays where it was).
   */
  protected settle(): void {
    if (this.sink === this.words) return
    const n = this.w - this.trashBase
    // How the refused records moved the stack (call kinds 1 to 5: Enter and Resume push a frame,
    // Return, Throw and Suspend pop one), for the next Drop record.
    for (let s = this.trashBase; s < this.w; s++) {
      const kind = this.trash[(s & (REFUSE_BATCH - 1)) << 2]! & KIND_MASK
      if (kind > 0 && kind < 6) this.lostLow = Math.min(this.lostLow, this.lostDepth += kind === 1 || kind === 5 ? 1 : -1)
    }
    this.w = this.trashBase
    this.dropped += n
    this.droppedCounted += n
  }

  protected seq(): number {
    return (this.seqBase + (this.sink === this.words ? this.w : this.trashBase)) | 0
  }

  /**
   * Producer slow path: wraps `w`, publishes, refreshes the view of READ, writes pending Drop
   * records and sets the next limit. Returns whether a record can be written at `w` now.
   */
  protected room(): boolean {
    const a = this.words
    for (;;) {
      if (this.w === WRAP) {
        this.w = 0
        this.seqBase = (this.seqBase + WRAP) | 0
      }
      const w = this.w
      const seq = (this.seqBase + w) | 0
      Atomics.store(a, this.writeWord, seq)
      const read = Atomics.load(a, this.writeWord + 1)
      const free = this.capacity - ((seq - read) | 0)
      if (free === 0 && this.overwriteOldest(read)) continue
      if (this.dropped === 0) {
        // WRAP is a multiple of PUBLISH_EVERY, so the limit never passes it.
        this.limit = Math.min(w + free, (w | (PUBLISH_EVERY - 1)) + 1)
        return free > 0
      }
      // Keep one slot for the record that follows, so reporting a drop never causes one.
      if (free < 2) {
        this.limit = w
        return false
      }
      const n = Math.min(this.dropped, INT32_MAX)
      this.dropped -= n
      this.clockHigh = -1
      const i = (w & this.mask) << 2
      a[i] = DROP
      a[i + 1] = -this.lostLow
      a[i + 2] = n
      a[i + 3] = this.lostDepth - this.lostLow
      this.lostDepth = this.lostLow = 0
      this.w = w + 1
    }
  }

  /**
   * Producer, ring full: a flight recorder releases the oldest records here and returns true
   * (`FlightRecorderRing`); this ring drops the newest instead.
   */
  protected overwriteOldest(_read: number): boolean {
    return false
  }
}
