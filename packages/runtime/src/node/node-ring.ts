import type { BatchIdentity, DrainedBatch, RingBufferOptions } from '../shared/ring-buffer.ts'
import { DEFAULT_ANCHOR_SPAN, RingBuffer } from '../shared/ring-buffer.ts'

const WRAP_MASK = (1 << 30) - 1

/**
 * The Node runtime's drop-newest ring: a RingBuffer whose producer also serves a consumer on
 * another thread (the drain worker). Only the slow path changes (the record writes are the
 * RingBuffer's own), so recording costs the same; browser bundles never carry this class.
 */
export class NodeRing extends RingBuffer {
  /**
   * Called from the producer's slow path (at most every PUBLISH_EVERY records) while a quarter of
   * the ring or more waits for the consumer: starts or wakes the drain worker. Runs before the
   * slow path itself, so a record it causes (it must not, but) lands before the one being written.
   */
  onPressure: ((backlog: number) => void) | undefined = undefined
  private isInHook = false

  /**
   * The drain worker can end a batch only where the next one keeps its Clock anchor (safe-take.ts):
   * at a Clock record, or `anchorSpan` records past the last one. In a ring no longer than the
   * default span (ring.capacity 1024 or 2048) such a point hardly ever lies in the backlog, so the
   * worker took almost nothing and a busy server lost 99% of its records. A span of at most a
   * quarter of the ring (the backlog at which the worker is woken) keeps a safe cut in reach.
   */
  constructor(options: RingBufferOptions) {
    super(options.anchorSpan === undefined && options.capacity >> 2 < DEFAULT_ANCHOR_SPAN && options.capacity >= 16
      ? { ...options, anchorSpan: options.capacity >> 2 }
      : options)
  }

  /** Whether the slots are in a SharedArrayBuffer, which a drain worker can read. */
  get isShared(): boolean {
    return this.words.buffer instanceof SharedArrayBuffer
  }

  /** The producer's `anchorSpan`, which a consumer on another thread needs to cut batches safely. */
  get anchorSpanRecords(): number {
    return this.anchorSpan
  }

  /**
   * Producer: the chores a same-thread `drain` does after taking, for a consumer on another
   * thread: writes a pending Drop record if there is room now, makes the next timed record write
   * a fresh Clock anchor, and publishes. Returns the sequence number this happened at: a batch may
   * end there and the next one still carries the anchors its timed records need (safe-take.ts).
   */
  markCut(): number {
    super.atLimit()
    this.clockHigh = -1
    this.publish()
    return this.nextSeq
  }

  /** Refused records that no Drop record reports yet (the producer writes one once there is room). */
  get hasUnreportedDrops(): boolean {
    this.settle()
    return this.dropped > 0
  }

  /**
   * Records a consumer on this thread may take from inside the producer's slow path (`onPressure`)
   * without parting the record being written from its Clock anchor. `pushTimed` decided whether
   * that record needs a fresh anchor before the slow path ran, so while the last anchor is still
   * in use (`clockHigh` set), it and everything after it stay in the ring; what comes before may go.
   */
  get takeableMidWrite(): number {
    this.settle()
    const pending = this.pending
    if (this.clockHigh === -1) return pending
    return Math.max(0, pending - ((this.w - this.anchorW) & WRAP_MASK))
  }

  /**
   * Same-thread drain, which first writes a pending Drop record: with a worker consuming too, the
   * ring can be empty while a drop is still unreported, and then `drain` would take nothing.
   */
  override drain(maxRecords: number, identity: BatchIdentity): DrainedBatch | undefined {
    super.atLimit()
    return super.drain(maxRecords, identity)
  }

  protected override atLimit(): number {
    if (this.onPressure !== undefined && !this.isInHook) {
      const backlog = this.pending
      if (backlog >= this.capacity >> 2) {
        this.isInHook = true
        try {
          this.onPressure(backlog)
        }
        catch {}
        this.isInHook = false
      }
    }
    const w = super.atLimit()
    // pushTimed compares positions modulo 2^30, so after 2^30 records without a timed one it could
    // take a long-gone anchor for a recent one. A same-thread drain resets the anchor and hides
    // that; with a worker consuming, the slow path (never 2^30 records apart) resets it instead,
    // which only does early what pushTimed would have done anyway: the anchor is anchorSpan old.
    if (((this.w - this.anchorW) & WRAP_MASK) >= this.anchorSpan) this.clockHigh = -1
    return w
  }
}
