import type { RingBufferOptions } from './ring-buffer.ts'
import { RecordKind } from '@execscope/core/codec'
import { RingBuffer, badOption } from './ring-buffer.ts'

export interface FlightRecorderRingOptions extends RingBufferOptions {
  /**
   * Slots released at once when the ring is full, from 3 to the capacity; the ring then always
   * keeps at least `capacity - overwriteChunk` records. @default min(256, capacity / 8), at least 3
   */
  overwriteChunk?: number
}

const CLOCK = RecordKind.Clock
const DROP = RecordKind.Drop
const INT32_MAX = 0x7FFFFFFF

/**
 * A ring in 'flight-recorder' mode: when full it overwrites the oldest records and keeps the last
 * N (the protocol, and why the consumer must be on the producer's thread, is at the top of
 * ring-buffer.ts). `overwrittenTotal` counts the data records lost that way.
 */
export class FlightRecorderRing extends RingBuffer {
  /** Data records (neither Clock nor Drop) overwritten before being drained. */
  overwrittenTotal: number = 0
  protected readonly overwriteChunk: number

  constructor(options: FlightRecorderRingOptions) {
    const overflow = options.overflow ?? 'flight-recorder'
    if (overflow !== 'flight-recorder')
      throw badOption('A FlightRecorderRing\'s overflow must be "flight-recorder" (use a RingBuffer otherwise)', overflow)
    super({ ...options, overflow: 'drop-newest' })
    const chunk = options.overwriteChunk ?? Math.max(3, Math.min(256, this.capacity >> 3))
    if (!Number.isInteger(chunk) || chunk < 3 || chunk > this.capacity)
      throw badOption(`overwriteChunk must be an integer from 3 to the capacity (${this.capacity})`, chunk)
    this.overwriteChunk = chunk
  }

  /**
   * Releases the oldest `overwriteChunk` slots (same thread as the consumer), rewriting the last one
   * or two of them as a Drop record (data records lost so far, including the counts of Drop records
   * released) and a Clock record (the last high word released), then moves READ to the first of
   * those.
   */
  protected override overwriteOldest(read: number): boolean {
    const a = this.words
    const mask = this.mask
    const k = this.overwriteChunk
    let lost = 0
    let data = 0
    let high = -1
    for (let j = 0; j < k; j++) {
      const i = ((read + j) & mask) << 2
      const kind = a[i]! & 0xFF
      if (kind === CLOCK) high = a[i + 2]!
      else if (kind === DROP) lost += a[i + 2]!
      else data++
    }
    this.overwrittenTotal += data
    lost = Math.min(lost + data, INT32_MAX)
    let r = (read + k) | 0
    if (high >= 0) r = this.rewrite(r, CLOCK, high)
    if (lost > 0) r = this.rewrite(r, DROP, lost)
    Atomics.store(a, this.writeWord + 1, r)
    return true
  }

  /** Writes a site-less record into the slot just before sequence `seq`; returns that sequence. */
  private rewrite(seq: number, kind: number, payload: number): number {
    const s = (seq - 1) | 0
    const i = (s & this.mask) << 2
    const a = this.words
    a[i] = kind
    a[i + 1] = 0
    a[i + 2] = payload
    a[i + 3] = kind === CLOCK ? this.clockResolutionNs : 0
    return s
  }
}
