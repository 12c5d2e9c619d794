import type { CallColumns } from '../correlate/rows.ts'
import { STATUS_THROW, STATUS_UNFINISHED, TIMING_MEASURED } from '../correlate/rows.ts'

/** Histogram buckets per site: 16 per power of two over 2^0 .. 2^63 ns, plus bucket 0. */
const BUCKETS = 1 + 16 * 64

const scratch = new Float64Array(1)
const scratchHigh = new Uint32Array(scratch.buffer, 4, 1)

/** The `_site_dur_hist` bucket of a duration: 0 below 1 ns, else 1 + 16 * floor(log2(dur)) + the sixteenth of the octave. */
export function durationBucket(dur: number): number {
  if (dur < 1) return 0
  scratch[0] = dur
  // The exponent and the top four mantissa bits of the double are the log-linear bucket.
  const high = scratchHigh[0]!
  return 1 + 16 * ((high >>> 20) - 1023) + ((high >>> 16) & 15)
}

/** Rows for `_site_rollups` and `_site_dur_hist`. */
export interface Rollups {
  sites: Array<[utid: number, siteId: number, calls: number, throws: number, unfinished: number, measured: number, segments: number, totalDur: number, selfDur: number, maxDur: number]>
  hist: Array<[siteId: number, bucket: number, count: number]>
}

/** Sums calls per (thread, site) across the batches of one commit. */
export class RollupBuilder {
  private readonly index = new Map<number, number>()
  private utid: number[] = []
  private siteId: number[] = []
  private sums: Float64Array = new Float64Array(8 * 64)
  private hist: Uint32Array[] = []
  /** Zeroed histograms to reuse: a commit touches thousands of (thread, site) pairs. */
  private readonly spare: Uint32Array[] = []
  private lowBucket: number[] = []
  private highBucket: number[] = []

  add(utid: number, calls: CallColumns): void {
    const key0 = utid * 2147483648
    for (let i = 0; i < calls.length; i++) {
      const site = calls.siteId[i]!
      const key = key0 + site
      let k = this.index.get(key)
      if (k === undefined) k = this.open(key, utid, site)
      const dur = calls.dur[i]!
      const base = k * 8
      const sums = this.sums
      sums[base]! += 1
      const status = calls.status[i]!
      if (status === STATUS_THROW) sums[base + 1]! += 1
      else if (status === STATUS_UNFINISHED) sums[base + 2]! += 1
      if (calls.timing[i] === TIMING_MEASURED) sums[base + 3]! += 1
      sums[base + 4]! += calls.segments[i]!
      sums[base + 5]! += dur
      sums[base + 6]! += calls.selfDur[i]!
      if (dur > sums[base + 7]!) sums[base + 7] = dur
      const bucket = durationBucket(dur)
      this.hist[k]![bucket]!++
      if (bucket < this.lowBucket[k]!) this.lowBucket[k] = bucket
      if (bucket > this.highBucket[k]!) this.highBucket[k] = bucket
    }
  }

  /** The rows so far; the builder is empty afterwards. */
  take(): Rollups {
    const out: Rollups = { sites: [], hist: [] }
    const bySiteBucket = new Map<number, number>()
    for (let k = 0; k < this.utid.length; k++) {
      const s = this.sums.subarray(k * 8, k * 8 + 8)
      out.sites.push([this.utid[k]!, this.siteId[k]!, s[0]!, s[1]!, s[2]!, s[3]!, s[4]!, s[5]!, s[6]!, s[7]!])
      const hist = this.hist[k]!
      for (let b = this.lowBucket[k]!; b <= this.highBucket[k]!; b++) {
        if (hist[b]! > 0) {
          const key = this.siteId[k]! * 2048 + b
          bySiteBucket.set(key, (bySiteBucket.get(key) ?? 0) + hist[b]!)
        }
      }
      hist.fill(0, this.lowBucket[k]!, this.highBucket[k]! + 1)
      this.spare.push(hist)
    }
    for (const [key, count] of bySiteBucket) out.hist.push([Math.floor(key / 2048), key % 2048, count])
    this.index.clear()
    this.utid = []
    this.siteId = []
    this.sums.fill(0)
    this.hist = []
    this.lowBucket = []
    this.highBucket = []
    return out
  }

  private open(key: number, utid: number, site: number): number {
    const k = this.utid.length
    this.index.set(key, k)
    this.utid.push(utid)
    this.siteId.push(site)
    this.hist.push(this.spare.pop() ?? new Uint32Array(BUCKETS))
    this.lowBucket.push(BUCKETS)
    this.highBucket.push(-1)
    if ((k + 1) * 8 > this.sums.length) {
      const grown = new Float64Array(this.sums.length * 2)
      grown.set(this.sums)
      this.sums = grown
    }
    return k
  }
}
