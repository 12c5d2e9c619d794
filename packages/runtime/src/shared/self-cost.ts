import type { Clock, Recorder, RecorderConfig } from './recorder.ts'
import type { TransportStats } from './shipper.ts'
import { createRecorder } from './recorder.ts'

/** What one record and one clock read cost on this thread, measured by `calibrateCost`. */
export interface CostCalibration {
  /** One untimed record (half of an entry + exit pair) in a warm loop, nanoseconds. */
  recordNs: number
  /** One clock read, nanoseconds (a timed record costs recordNs + clockNs). */
  clockNs: number
  /**
   * One counted call (entry and exit of a hot call, its occasional sample included), nanoseconds;
   * recordNs where the runtime does not count hot calls.
   */
  countedNs: number
  /** Set when these are NOMINAL_COSTS, not measured (a run too small to be worth calibrating). */
  isNominal?: true
}

/** DESIGN.md's costs for this machine class (a record 3 ns, a clock read 42 ns), for small runs. */
export const NOMINAL_COSTS: CostCalibration = { recordNs: 3, clockNs: 42, countedNs: 3, isNominal: true }

/** Runs with fewer records and counted calls than this are priced at NOMINAL_COSTS (under a millisecond of recording). */
export const CALIBRATE_FROM = 250_000

/**
 * The runtime's own cost, as the runtime estimates it. Times are nanoseconds of this thread;
 * `estimatedHotPathNs` is a model (records × calibrated cost), the others are measured.
 */
export interface RuntimeStats extends TransportStats {
  /** Records written into the ring (clock anchors and drop records included). */
  records: number
  /** Timed records shipped (each cost a clock read); records dropped or overwritten are not seen. */
  timedRecords: number
  /** Records refused because the ring was full (drop-newest). */
  drops: number
  /** Calls of hot sites that were counted (carried by Count records), not recorded. */
  countedCalls: number
  /** Data records overwritten before being shipped (flight recorder). */
  overwritten: number
  /** Time spent taking batches out of the ring, which encodes them (copy, checksum, header). */
  drainNs: number
  /** Time spent in the transport's synchronous part (file writes; starting an HTTP request). */
  sendNs: number
  /** Time spent making and writing value and state previews (levels `values` and `full`), measured. */
  previewNs: number
  /** `(records + drops) × recordNs + countedCalls × countedNs + timedRecords × clockNs`. */
  estimatedHotPathNs: number
  /** estimatedHotPathNs + drainNs + sendNs + previewNs. */
  estimatedTotalNs: number
  /** Time since the runtime was installed. */
  elapsedNs: number
  /** estimatedTotalNs / (elapsedNs - estimatedTotalNs): "recording cost ≈ X% of this run" is 100 × this. */
  estimatedOverhead: number
  /** The per-record and per-clock-read costs the estimate uses (measured once, when first asked). */
  calibration: CostCalibration
}

const MAX_ROUNDS = 2000
const BUDGET_MS = 5
/** Longest it waits for V8 to optimize the loop when the compiler is busy (at exit, after a heavy run). */
const MAX_BUDGET_MS = 50
/** Rounds without a 10% gain after which the figure counts as settled. */
const SETTLED_ROUNDS = 64
const PAIRS = 1024

// A function of its own, called once per round, so V8 optimizes it (and inlines e and r) as it
// would instrumented code, instead of waiting for on-stack replacement of one long loop.
function recordPairs(e: (site: number) => number, r: (site: number, token: number) => void): void {
  for (let i = 1; i <= PAIRS; i++) r(i, e(i))
}

// The same calls, all of one site: with a counting strategy, that site turns hot and is counted.
function callOneSite(e: (site: number) => number, r: (site: number, token: number) => void): void {
  for (let i = 1; i <= PAIRS; i++) r(1, e(1))
}

/**
 * Measures the cost of one record, one clock read and, given the runtime's call strategy `calls`,
 * one counted call, in short loops on scratch recorders, for about 5 ms (long enough for V8 to
 * optimize them; each figure is the fastest round), longer (up to 50 ms) while the figure still
 * falls: at exit after a heavy run, the optimizing compiler can be slow to get to the loop, and an
 * unoptimized figure overstates the cost several times. Runs off the hot path, the first time stats
 * are asked for. These are optimized-code figures: recording from cold code costs more, so the
 * estimate is a lower bound for code that runs only a few times.
 */
export function calibrateCost(clock: Clock, createRing?: RecorderConfig['createRing'], calls?: RecorderConfig['calls']): CostCalibration {
  // Same ring class as the real recorder: the recording functions share type feedback with it.
  const rec = createRecorder({ ringCapacity: PAIRS * 2, timedCallsPerSite: 0, sampleEvery: 65536, clock, checksum: () => 0, createRing })
  const hot: Recorder | undefined = calls && createRecorder({ ringCapacity: PAIRS * 2, timedCallsPerSite: 0, sampleEvery: 64, clock, checksum: () => 0, createRing, calls })
  const id = { sessionId: new Uint8Array(16), threadId: 0, timeOriginMs: 0 }
  const { e, r } = rec
  let recordNs = Infinity
  let clockNs = Infinity
  let countedNs = Infinity
  let sink = 0
  const start = clock.now()
  let settled = 0
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const elapsed = clock.now() - start
    // Past the usual budget, go on only while the loop is still getting faster (not optimized yet).
    if (round >= 8 && elapsed >= BUDGET_MS && (settled >= SETTLED_ROUNDS || elapsed >= MAX_BUDGET_MS)) break
    const t0 = clock.now()
    recordPairs(e, r)
    const t1 = clock.now()
    rec.drain(PAIRS * 2, id)
    const roundNs = ((t1 - t0) * 1e6) / (PAIRS * 2)
    let isFaster = roundNs < recordNs * 0.9
    recordNs = Math.min(recordNs, roundNs)
    if (hot) {
      const t2 = clock.now()
      callOneSite(hot.e, hot.r)
      const t3 = clock.now()
      // The ring's own drain: the recorder's would end the counting.
      hot.ring.drain(PAIRS * 2, id)
      const countedRoundNs = ((t3 - t2) * 1e6) / PAIRS
      isFaster ||= countedRoundNs < countedNs * 0.9
      countedNs = Math.min(countedNs, countedRoundNs)
    }
    settled = isFaster ? 0 : settled + 1
    // The clock loop costs four times the record loop: every round for the first 16 (until V8 has
    // optimized it), then every 16th.
    if (round >= 16 && (round & 15) !== 0) continue
    const t4 = clock.now()
    for (let i = 0; i < PAIRS; i++) sink += clock.now()
    const t5 = clock.now()
    clockNs = Math.min(clockNs, ((t5 - t4) * 1e6) / PAIRS)
  }
  // `sink` keeps the clock loop from being optimized away.
  if (sink === -1) clockNs++
  // A clock read is a native call, so its figure hardly depends on whether the loop was optimized;
  // optimized, a record or a counted call costs a tenth of it or less (DESIGN.md's measurements: 3-4
  // ns against 40-45). A figure above an eighth of it comes from a loop V8 did not optimize in
  // time (the compiler busy at exit after a heavy run), and would overstate the cost several times.
  const ceiling = clockNs / 8
  return { recordNs: Math.max(0, Math.min(recordNs, ceiling)), clockNs: Math.max(0, clockNs), countedNs: Math.max(0, Math.min(hot ? countedNs : recordNs, ceiling)) }
}

/** Timed records in an encoded batch (flag bit 0 of byte 1 of each record): each one cost a clock read. */
export function countTimed(bytes: Uint8Array): number {
  let n = 0
  for (let i = 49; i < bytes.length; i += 16) n += bytes[i]! & 1
  return n
}

/** The raw counters `estimateCost` turns into `RuntimeStats`. */
export interface CostCounters {
  records: number
  timedRecords: number
  drops: number
  countedCalls: number
  overwritten: number
  drainNs: number
  sendNs: number
  previewNs: number
  elapsedNs: number
}

/** Combines measured counters with a calibration into the stats the runtime reports. */
export function estimateCost(transport: TransportStats, c: CostCounters, calibration: CostCalibration): RuntimeStats {
  const estimatedHotPathNs = Math.round((c.records + c.drops) * calibration.recordNs + c.countedCalls * calibration.countedNs + c.timedRecords * calibration.clockNs)
  const estimatedTotalNs = estimatedHotPathNs + Math.round(c.drainNs + c.sendNs + c.previewNs)
  const appNs = c.elapsedNs - estimatedTotalNs
  return {
    ...transport,
    records: c.records,
    timedRecords: c.timedRecords,
    drops: c.drops,
    countedCalls: c.countedCalls,
    overwritten: c.overwritten,
    drainNs: Math.round(c.drainNs),
    sendNs: Math.round(c.sendNs),
    previewNs: Math.round(c.previewNs),
    estimatedHotPathNs,
    estimatedTotalNs,
    elapsedNs: Math.round(c.elapsedNs),
    estimatedOverhead: appNs > 0 ? estimatedTotalNs / appNs : 0,
    calibration,
  }
}
