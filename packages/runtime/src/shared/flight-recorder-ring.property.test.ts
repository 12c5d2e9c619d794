import type { BatchIdentity, DrainedBatch } from './ring-buffer.ts'
import type { FlightRecorderRingOptions } from './flight-recorder-ring.ts'
import { RecordFlag, RecordKind, decodeBatch } from '@execscope/core/codec'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FlightRecorderRing } from './flight-recorder-ring.ts'
import type { Rec } from './ring-slots.test-support.ts'
import { pendingSlots } from './ring-slots.test-support.ts'

const TIMED = RecordFlag.Timed << 8
const HIGH = 4294967296
const identity: BatchIdentity = { sessionId: new Uint8Array(16), threadId: 1, timeOriginMs: 1_700_000_000_000 }
const isData = (r: Rec): boolean => (r[0] & 0xFF) !== RecordKind.Clock && (r[0] & 0xFF) !== RecordKind.Drop

/**
 * A flight recorder that checks its invariants after every operation: it logs each data record
 * written (with its full time when timed), decodes every batch it drains, and compares.
 */
class CheckedFlightRing extends FlightRecorderRing {
  /** Data records written, in order (a flight recorder never refuses one). */
  readonly written: Array<{ rec: Rec, ns?: number }> = []
  readonly drained: Array<{ rec: Rec, batch: number }> = []
  batches = 0
  /** Records pushed (anchors included) since the last drain. */
  sinceDrain = 0
  private inTimed = false

  constructor(options: FlightRecorderRingOptions) {
    super(options)
  }

  override push(w0: number, site: number, payload: number, time: number): boolean {
    const isWritten = super.push(w0, site, payload, time)
    expect(isWritten).toBe(true)
    this.sinceDrain++
    if ((w0 & 0xFF) !== RecordKind.Clock) this.written.push({ rec: [w0, site, payload, time] })
    if (!this.inTimed) this.check()
    return isWritten
  }

  override pushTimed(w0: number, site: number, payload: number, ns: number): boolean {
    this.inTimed = true
    const isWritten = super.pushTimed(w0, site, payload, ns)
    this.inTimed = false
    this.written.at(-1)!.ns = ns
    this.check()
    return isWritten
  }

  override drain(maxRecords: number, id: BatchIdentity): DrainedBatch | undefined {
    const batch = super.drain(maxRecords, id)
    this.sinceDrain = 0
    if (batch) {
      const d = decodeBatch(batch.bytes)
      for (let i = 0; i < d.records.length; i += 4) this.drained.push({ rec: Array.from(d.records.subarray(i, i + 4)) as Rec, batch: this.batches })
      this.batches++
    }
    this.check()
    return batch
  }

  pendingRecords(): Rec[] {
    return pendingSlots(this.words, this.writeWord, this.mask, this.pending)
  }

  check(): void {
    const pending = this.pendingRecords()
    expect(pending.length).toBeLessThanOrEqual(this.capacity)
    const stream = [...this.drained.map(d => d.rec), ...pending]
    const data = stream.filter(isData)
    // written = drained + overwritten + pending (data records).
    expect(data.length + this.overwrittenTotal).toBe(this.written.length)
    // What survives is what was written, in order, minus what was overwritten: a subsequence.
    let j = 0
    for (const rec of data) {
      while (j < this.written.length && this.written[j]!.rec.join() !== rec.join()) j++
      expect(j, `record ${rec.join()} out of order or invented`).toBeLessThan(this.written.length)
      j++
    }
    // Every loss is reported in-band: the Drop records left in the stream add up to it.
    const reported = stream.filter(r => r[0] === RecordKind.Drop).reduce((n, r) => n + r[2], 0)
    expect(reported).toBe(this.overwrittenTotal)
    // It keeps the last N: the newest records are all there (at least capacity - chunk of them).
    // It keeps the last N: what is pending is the newest records, and at least capacity - chunk of
    // the records written since the last drain.
    const pendingData = pending.filter(isData).map(r => r.join())
    expect(pendingData).toEqual(this.written.slice(this.written.length - pendingData.length).map(w => w.rec.join()))
    expect(pending.length).toBeGreaterThanOrEqual(Math.min(this.sinceDrain, this.capacity - this.overwriteChunk))
    this.checkAnchors()
  }

  /** Each drained timed record has a Clock anchor earlier in its own batch that gives its full time. */
  private checkAnchors(): void {
    const times = new Map(this.written.filter(w => w.ns !== undefined).map(w => [w.rec.join(), w.ns!]))
    let high: number | undefined
    let batch = -1
    for (const { rec, batch: b } of this.drained) {
      if (b !== batch) {
        batch = b
        high = undefined
      }
      if (rec[0] === RecordKind.Clock) high = rec[2]
      else if ((rec[0] & TIMED) !== 0) {
        expect(high, 'timed record without an anchor in its batch').toBeDefined()
        expect(high! * HIGH + (rec[3] >>> 0)).toBe(times.get(rec.join()))
      }
    }
  }
}

type Cmd = fc.Command<object, CheckedFlightRing>
let serial = 0

class PushCmd implements Cmd {
  constructor(readonly kind: number, readonly isTimed: boolean, readonly high: number, readonly times: number) {}
  check(): boolean {
    return true
  }

  run(_m: object, ring: CheckedFlightRing): void {
    for (let k = 0; k < this.times; k++) {
      // Unique payloads, so the subsequence check can tell records apart.
      const payload = ++serial
      if (this.isTimed) ring.pushTimed(this.kind | TIMED, 9, payload, this.high * HIGH + payload * 7919)
      else ring.push(this.kind, 9, payload, 0)
    }
  }

  toString(): string {
    return `push(${this.kind}${this.isTimed ? '*' : ''}, high ${this.high}) x${this.times}`
  }
}

class DrainCmd implements Cmd {
  constructor(readonly max: number) {}
  check(): boolean {
    return true
  }

  run(_m: object, ring: CheckedFlightRing): void {
    ring.drain(this.max, identity)
  }

  toString(): string {
    return `drain(${this.max})`
  }
}

describe('FlightRecorderRing', () => {
  it('keeps the last N and reports every overwritten record in-band, under any pushes and drains', () => {
    fc.assert(fc.property(
      fc.constantFrom(16, 32),
      fc.integer({ min: 3, max: 8 }),
      fc.integer({ min: 1, max: 12 }),
      fc.commands([
        fc.tuple(fc.constantFrom(RecordKind.Enter, RecordKind.Return), fc.boolean(), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 40 })).map(a => new PushCmd(...a)),
        fc.integer({ min: 12, max: 40 }).map(n => new DrainCmd(n)),
      ], { maxCommands: 50 }),
      (capacity, overwriteChunk, anchorSpan, cmds) => {
        const ring = new CheckedFlightRing({ capacity, overwriteChunk, anchorSpan })
        fc.modelRun(() => ({ model: {}, real: ring }), cmds)
        while (ring.drain(40, identity));
        expect(ring.pending).toBe(0)
        ring.check()
      },
    ), { numRuns: 300 })
  })

  it('never refuses a record, and a plain RingBuffer option set cannot pick it by accident', () => {
    const ring = new FlightRecorderRing({ capacity: 16, overwriteChunk: 4 })
    for (let i = 1; i <= 100; i++) expect(ring.push(RecordKind.Enter, i, 0, 0)).toBe(true)
    expect(ring.droppedTotal).toBe(0)
    const { records } = decodeBatch(ring.drain(100, identity)!.bytes)
    const sites = Array.from(records.filter((_, i) => i % 4 === 1))
    // A Drop record (site 0) with everything lost so far, then the newest records.
    expect(records[0]).toBe(RecordKind.Drop)
    expect(records[2]! + sites.filter(s => s > 0).length).toBe(100)
    expect(sites.at(-1)).toBe(100)
    expect(() => new FlightRecorderRing({ capacity: 16, overflow: 'drop-newest' })).toThrow(/flight-recorder/)
    expect(() => new FlightRecorderRing({ capacity: 16, overwriteChunk: 2 })).toThrow(/overwriteChunk/)
  })
})
