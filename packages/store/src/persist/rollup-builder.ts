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

/**
 * Site id → index, open addressing with linear probing in two Int32Arrays: looked up for nearly
 * every call (consecutive calls are mostly of different sites), where a Map took a fifth of the
 * rollup's time. 0 marks an empty slot: instrumented sites are never 0, and a batch that says
 * 0 anyway has its own field.
 */
class SiteIndex {
  private keys = new Int32Array(1024)
  private values = new Int32Array(1024)
  private size = 0
  private zero = -1

  /** The index of `site`, or -1. */
  get(site: number): number {
    if (site === 0) return this.zero
    const mask = this.keys.length - 1
    for (let i = Math.imul(site, 0x9E3779B1) >>> 0 & mask; ; i = (i + 1) & mask) {
      const key = this.keys[i]!
      if (key === site) return this.values[i]!
      if (key === 0) return -1
    }
  }

  set(site: number, value: number): void {
    if (site === 0) {
      this.zero = value
      return
    }
    if ((this.size + 1) * 2 > this.keys.length) this.grow()
    const mask = this.keys.length - 1
    let i = Math.imul(site, 0x9E3779B1) >>> 0 & mask
    while (this.keys[i] !== 0 && this.keys[i] !== site) i = (i + 1) & mask
    if (this.keys[i] === 0) this.size++
    this.keys[i] = site
    this.values[i] = value
  }

  clear(): void {
    this.zero = -1
    if (this.size === 0) return
    this.keys.fill(0)
    this.size = 0
  }

  private grow(): void {
    const { keys, values } = this
    this.keys = new Int32Array(keys.length * 2)
    this.values = new Int32Array(keys.length * 2)
    this.size = 0
    for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) this.set(keys[i]!, values[i]!)
  }
}

/**
 * Sums calls per (thread, site) across the batches of one commit, and the histogram of measured
 * durations per site. The hot loop does one Map lookup per call only when the (thread, site) changes from the
 * call before, keyed by small integers; histograms are per site, so `take` needs no merging.
 */
export class RollupBuilder {
  /** Per utid: site → pair index. */
  private readonly pairsByUtid: Array<SiteIndex | undefined> = []
  private utid: number[] = []
  private siteId: number[] = []
  /** Pair index → site slot (its histogram). */
  private pairSite: number[] = []
  private sums: Float64Array = new Float64Array(8 * 64)
  /** Site → site slot. */
  private readonly siteSlots = new SiteIndex()
  private slotSite: number[] = []
  private hist: Uint32Array[] = []
  /** Zeroed histograms to reuse: a commit touches thousands of sites. */
  private readonly spare: Uint32Array[] = []
  private lowBucket: number[] = []
  private highBucket: number[] = []

  add(utid: number, calls: CallColumns): void {
    let pairs = this.pairsByUtid[utid]
    if (pairs === undefined) this.pairsByUtid[utid] = pairs = new SiteIndex()
    let lastSite = -1
    let k = -1
    let s = -1
    for (let i = 0; i < calls.length; i++) {
      const site = calls.siteId[i]!
      if (site !== lastSite) {
        const found = pairs.get(site)
        k = found < 0 ? this.open(pairs, utid, site) : found
        s = this.pairSite[k]!
        lastSite = site
      }
      const dur = calls.dur[i]!
      const base = k * 8
      const sums = this.sums
      sums[base]! += 1
      const status = calls.status[i]!
      if (status === STATUS_THROW) sums[base + 1]! += 1
      else if (status === STATUS_UNFINISHED) sums[base + 2]! += 1
      sums[base + 4]! += calls.segments[i]!
      sums[base + 5]! += dur
      sums[base + 6]! += calls.selfDur[i]!
      if (dur > sums[base + 7]!) sums[base + 7] = dur
      // The percentiles are of measured durations only: an untimed call's duration is an estimate
      // from the events around it (often 0 for a short one), which would drag the median down.
      if (calls.timing[i] !== TIMING_MEASURED) continue
      sums[base + 3]! += 1
      const bucket = durationBucket(dur)
      this.hist[s]![bucket]!++
      if (bucket < this.lowBucket[s]!) this.lowBucket[s] = bucket
      if (bucket > this.highBucket[s]!) this.highBucket[s] = bucket
    }
  }

  /** The rows so far; the builder is empty afterwards. */
  take(): Rollups {
    const out: Rollups = { sites: [], hist: [] }
    for (let k = 0; k < this.utid.length; k++) {
      const s = this.sums.subarray(k * 8, k * 8 + 8)
      out.sites.push([this.utid[k]!, this.siteId[k]!, s[0]!, s[1]!, s[2]!, s[3]!, s[4]!, s[5]!, s[6]!, s[7]!])
    }
    for (let s = 0; s < this.slotSite.length; s++) {
      const hist = this.hist[s]!
      const low = this.lowBucket[s]!
      const high = this.highBucket[s]!
      for (let b = low; b <= high; b++) {
        if (hist[b]! > 0) out.hist.push([this.slotSite[s]!, b, hist[b]!])
      }
      if (high >= low) hist.fill(0, low, high + 1)
      this.spare.push(hist)
    }
    for (const pairs of this.pairsByUtid) pairs?.clear()
    this.siteSlots.clear()
    this.utid = []
    this.siteId = []
    this.pairSite = []
    this.sums.fill(0)
    this.slotSite = []
    this.hist = []
    this.lowBucket = []
    this.highBucket = []
    return out
  }

  private open(pairs: SiteIndex, utid: number, site: number): number {
    const k = this.utid.length
    pairs.set(site, k)
    this.utid.push(utid)
    this.siteId.push(site)
    let s = this.siteSlots.get(site)
    if (s < 0) {
      s = this.slotSite.length
      this.siteSlots.set(site, s)
      this.slotSite.push(site)
      this.hist.push(this.spare.pop() ?? new Uint32Array(BUCKETS))
      this.lowBucket.push(BUCKETS)
      this.highBucket.push(-1)
    }
    this.pairSite.push(s)
    if ((k + 1) * 8 > this.sums.length) {
      const grown = new Float64Array(this.sums.length * 2)
      grown.set(this.sums)
      this.sums = grown
    }
    return k
  }
}
