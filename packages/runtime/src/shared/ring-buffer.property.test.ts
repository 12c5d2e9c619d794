import type { BatchIdentity, DrainedBatch, RingBufferOptions } from './ring-buffer.ts'
import { RecordFlag, RecordKind, decodeBatch, sessionIdToHex } from '@execscope/core/codec'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RingBuffer } from './ring-buffer.ts'
import type { Rec } from './ring-slots.test-support.ts'
import { pendingSlots } from './ring-slots.test-support.ts'

const TIMED = RecordFlag.Timed << 8
const HIGH = 4294967296
const identity: BatchIdentity = {
  sessionId: Uint8Array.from({ length: 16 }, (_, i) => i * 17),
  threadId: 3,
  timeOriginMs: 1_700_000_000_123.5,
}

interface Attempt {
  rec: Rec
  isWritten: boolean
  /** Full time of a timed record, to check it against its anchor. */
  ns?: number
}

/**
 * A ring that checks its invariants after every public operation (like magic-string's
 * IntegrityCheckingMagicString): it logs every attempted record, decodes every batch it drains,
 * and compares the stream (drained + still pending) with the log.
 */
class CheckedRingBuffer extends RingBuffer {
  readonly startSeq: number
  readonly attempts: Attempt[] = []
  /** Records of every drained batch, in order, with the index of the batch they came in. */
  readonly drained: Array<{ rec: Rec, batch: number }> = []
  batches = 0
  private inTimed = false

  constructor(options: RingBufferOptions) {
    super(options)
    this.startSeq = (options.startSeq ?? 0) >>> 0
  }

  override push(w0: number, site: number, payload: number, time: number): boolean {
    const isWritten = super.push(w0, site, payload, time)
    this.attempts.push({ rec: [w0, site, payload, time], isWritten })
    if (!this.inTimed) this.check()
    return isWritten
  }

  override pushTimed(w0: number, site: number, payload: number, ns: number): boolean {
    this.inTimed = true
    const before = this.attempts.length
    const isWritten = super.pushTimed(w0, site, payload, ns)
    this.inTimed = false
    const anchor = this.attempts.at(-2)
    if (this.attempts.length === before + 2 && anchor!.rec[0] === RecordKind.Clock && !anchor!.isWritten) {
      // The anchor was refused, so the record went without its time (refused too, unless the
      // anchor took the trash's last slot and the ring had room again).
      expect(this.attempts.at(-1)!.rec).toEqual([w0 & ~TIMED, site, payload, 0])
      expect(this.attempts.at(-1)!.isWritten).toBe(isWritten)
    }
    else {
      this.attempts.at(-1)!.ns = ns
      expect(this.attempts.at(-1)!.rec).toEqual([w0, site, payload, ns | 0])
    }
    this.check()
    return isWritten
  }

  override drain(maxRecords: number, id: BatchIdentity): DrainedBatch | undefined {
    const nextSeq = (this.startSeq + this.drained.length) >>> 0
    const batch = super.drain(maxRecords, id)
    if (batch) {
      const decoded = decodeBatch(batch.bytes)
      expect(decoded.firstSeq).toBe(nextSeq)
      expect(batch.firstSeq).toBe(nextSeq)
      expect(decoded.recordCount).toBe(batch.count)
      expect(batch.count).toBeLessThanOrEqual(maxRecords)
      expect(decoded.sessionId).toBe(sessionIdToHex(id.sessionId))
      expect(decoded.threadId).toBe(id.threadId)
      expect(decoded.timeOriginMs).toBe(id.timeOriginMs)
      for (let i = 0; i < decoded.records.length; i += 4)
        this.drained.push({ rec: Array.from(decoded.records.subarray(i, i + 4)) as Rec, batch: this.batches })
      this.batches++
    }
    this.check()
    return batch
  }

  /** Records written but not drained yet, read straight from the slots. */
  pendingRecords(): Rec[] {
    return pendingSlots(this.words, this.writeWord, this.mask, this.pending)
  }

  check(): void {
    this.settle()
    const pending = this.pendingRecords()
    expect(pending.length).toBeGreaterThanOrEqual(0)
    expect(pending.length).toBeLessThanOrEqual(this.capacity)
    const stream = [...this.drained.map(d => d.rec), ...pending]
    // Sequence numbers count written records (Drop records included, dropped ones not).
    expect(this.nextSeq).toBe((this.startSeq + stream.length) >>> 0)
    const dropped = this.attempts.filter(a => !a.isWritten).length
    expect(this.droppedTotal).toBe(dropped)
    // written = drained + dropped + pending, counting attempted records (Drop records are not attempts).
    const isDrop = (r: Rec): boolean => r[0] === RecordKind.Drop
    const written = this.attempts.length - dropped
    expect(written).toBe(stream.filter(r => !isDrop(r)).length)

    // Order preserved, and Drop records exactly where records were lost, carrying their count and
    // how the stack moved: replaying the stream (Drop records by their words 1 and 3) gives the
    // stack depth that every attempted record, lost or not, gives.
    let i = 0
    let lost = 0
    let depth = 0
    let replayed = 0
    let lowInLoss = 0
    for (const attempt of this.attempts) {
      if (!attempt.isWritten) {
        lost++
        depth += depthChange(attempt.rec[0])
        lowInLoss = Math.min(lowInLoss, depth - replayed)
        continue
      }
      let reported = 0
      let drops = 0
      while (isDrop(stream[i]!)) {
        const [, ended, count, entered] = stream[i++]!
        expect(ended).toBeGreaterThanOrEqual(0)
        expect(entered).toBeGreaterThanOrEqual(0)
        reported += count
        replayed += entered - ended
        drops++
        // One loss, one Drop record: it says exactly how many running calls ended in it.
        if (drops === 1 && stream[i] !== undefined && !isDrop(stream[i]!)) expect(ended).toBe(-lowInLoss || 0)
      }
      expect(reported).toBe(lost)
      expect(replayed).toBe(depth)
      lost = 0
      lowInLoss = 0
      expect(stream[i]).toEqual(attempt.rec)
      depth += depthChange(attempt.rec[0])
      replayed = depth
      if (attempt.ns !== undefined && i < this.drained.length) this.checkAnchor(i, attempt.ns)
      i++
    }
    let reported = 0
    while (i < stream.length && isDrop(stream[i]!)) reported += stream[i++]![2]
    expect(i).toBe(stream.length)
    expect(reported + this.dropped).toBe(lost)
  }

  /** A drained timed record has a Clock anchor earlier in its own batch that gives its full time. */
  private checkAnchor(index: number, ns: number): void {
    const { batch } = this.drained[index]!
    for (let j = index - 1; j >= 0 && this.drained[j]!.batch === batch; j--) {
      const [w0, , payload] = this.drained[j]!.rec
      if (w0 === RecordKind.Clock) {
        expect(payload * HIGH + (this.drained[index]!.rec[3] >>> 0)).toBe(ns)
        return
      }
    }
    expect.unreachable(`timed record ${index} has no clock anchor in batch ${batch}`)
  }
}

/** How a record moves the stack: Enter and Resume push a frame, Return, Throw and Suspend pop one. */
function depthChange(w0: number): number {
  const kind = w0 & 0xFF
  return kind === RecordKind.Enter || kind === RecordKind.Resume ? 1 : kind >= RecordKind.Return && kind <= RecordKind.Suspend ? -1 : 0
}

interface Model { drainMin: number }
type Cmd = fc.Command<Model, CheckedRingBuffer>

class PushCmd implements Cmd {
  constructor(readonly kind: number, readonly site: number, readonly payload: number, readonly times: number) {}
  check(): boolean {
    return true
  }

  run(_m: Model, ring: CheckedRingBuffer): void {
    for (let k = 0; k < this.times; k++) ring.push(this.kind, this.site, this.payload + k, 0)
  }

  toString(): string {
    return `push(${this.kind}, ${this.site}, ${this.payload}) x${this.times}`
  }
}

class PushTimedCmd implements Cmd {
  constructor(readonly kind: number, readonly site: number, readonly ns: number, readonly times: number) {}
  check(): boolean {
    return true
  }

  run(_m: Model, ring: CheckedRingBuffer): void {
    for (let k = 0; k < this.times; k++) ring.pushTimed(this.kind | TIMED, this.site, k, this.ns + k * 100_003)
  }

  toString(): string {
    return `pushTimed(${this.kind}, ${this.site}, ${this.ns}) x${this.times}`
  }
}

class DrainCmd implements Cmd {
  constructor(readonly extra: number, readonly times: number) {}
  check(): boolean {
    return true
  }

  run(m: Model, ring: CheckedRingBuffer): void {
    for (let k = 0; k < this.times; k++) ring.drain(m.drainMin + this.extra, identity)
  }

  toString(): string {
    return `drain(min + ${this.extra}) x${this.times}`
  }
}

const kind = fc.constantFrom(RecordKind.Enter, RecordKind.Return, RecordKind.Throw, RecordKind.Suspend, RecordKind.Resume)
const site = fc.integer({ min: 1, max: (1 << 30) - 1 })
const commands = fc.commands([
  fc.tuple(kind, site, fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 100 }), fc.integer({ min: 1, max: 24 })).map(a => new PushCmd(...a)),
  // Few distinct high words, so consecutive timed records often share one (and need no new anchor).
  fc.tuple(kind, site, fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 ** 32 - 1 })).map(([h, l]) => h * HIGH + l), fc.integer({ min: 1, max: 24 })).map(a => new PushTimedCmd(...a)),
  fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 3 })).map(a => new DrainCmd(...a)),
], { maxCommands: 60 })

// Start anywhere, and often right before the 2^30 (index) and 2^32 (sequence) wraps.
const startSeq = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 2 ** 32 - 300, max: 2 ** 32 - 1 }),
  fc.integer({ min: 2 ** 30 - 300, max: 2 ** 30 + 10 }),
  fc.integer({ min: 0, max: 2 ** 32 - 1 }),
)

describe('RingBuffer', () => {
  it('keeps its invariants under any sequence of pushes, timed pushes and drains', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(16, 32, 64),
        fc.integer({ min: 1, max: 24 }),
        startSeq,
        fc.boolean(),
        commands,
        (capacity, anchorSpan, start, shared, cmds) => {
          const ring = new CheckedRingBuffer({ capacity, anchorSpan, startSeq: start, shared })
          expect(ring.words.buffer instanceof SharedArrayBuffer).toBe(shared)
          // Batches are self-anchored when at least max(2, anchorSpan) records long (see RingBuffer.take).
          fc.modelRun(() => ({ model: { drainMin: Math.max(2, anchorSpan) }, real: ring }), cmds)
          // Finally drain everything: what was written all arrives, in order.
          while (ring.drain(anchorSpan + 7, identity));
          expect(ring.pending).toBe(0)
          ring.check()
        },
      ),
      { numRuns: 300 },
    )
  })

  it('round-trips what it drained through decodeBatch unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(kind, site, fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.boolean(), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), { maxLength: 300 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        (recs, start, sessionId, threadId) => {
          const ring = new RingBuffer({ capacity: 512, startSeq: start })
          const words: number[] = []
          for (const [k, s, payload, isTimed, time] of recs) {
            const w0 = isTimed ? k | TIMED : k
            ring.push(w0, s, payload, time)
            words.push(w0, s, payload, time)
          }
          const id = { sessionId, threadId, timeOriginMs: 1234.25 }
          const got: number[] = []
          let seq = start
          for (let b; (b = ring.drain(100, id));) {
            const d = decodeBatch(b.bytes)
            expect(d).toMatchObject({ sessionId: sessionIdToHex(sessionId), threadId, firstSeq: seq, timeOriginMs: 1234.25 })
            seq = (seq + d.recordCount) >>> 0
            got.push(...d.records)
          }
          expect(got).toEqual(words)
        },
      ),
    )
  })

  it('drops the newest records when full and reports them with one Drop record once there is room', () => {
    const ring = new CheckedRingBuffer({ capacity: 16 })
    for (let i = 1; i <= 20; i++) ring.push(RecordKind.Enter, i, 0, 0)
    expect(ring.droppedTotal).toBe(4)
    const first = decodeBatch(ring.drain(100, identity)!.bytes)
    expect(Array.from(first.records.filter((_, i) => i % 4 === 1))).toEqual(Array.from({ length: 16 }, (_, i) => i + 1))
    // The drain made room, so the pending Drop record is written at once.
    const second = decodeBatch(ring.drain(100, identity)!.bytes)
    // Four Enter records lost: four calls entered in the loss still run.
    expect(Array.from(second.records)).toEqual([RecordKind.Drop, 0, 4, 4])
    expect(second.firstSeq).toBe(16)
  })

  it('cuts a long backlog just before a clock anchor so each batch carries its own', () => {
    const ring = new CheckedRingBuffer({ capacity: 64, anchorSpan: 8 })
    for (let i = 0; i < 40; i++) ring.pushTimed(RecordKind.Enter | TIMED, 5, 0, 7 * HIGH + i)
    const sizes: number[] = []
    for (let b; (b = ring.drain(10, identity));) {
      const d = decodeBatch(b.bytes)
      sizes.push(d.recordCount)
      expect(d.records[0]).toBe(RecordKind.Clock)
    }
    expect(sizes).toMatchInlineSnapshot(`
      [
        8,
        8,
        8,
        8,
        8,
        6,
      ]
    `)
  })

  it('refuses an overflow mode it does not implement', () => {
    expect(() => new RingBuffer({ capacity: 16, overflow: 'overwrite-oldest' as 'drop-newest' })).toThrow(/overflow must be "drop-newest"/)
    expect(() => new RingBuffer({ capacity: 100 })).toThrow(/power of two/)
  })
})
