import type { CallFunctions, RecorderCore } from './recorder.ts'

// Record kinds as literals, like recorder.ts (hot-calls.test.ts decodes what is written).
const ENTER = 1
const RETURN = 2
const THROW = 3
const COUNT = 15
// Token of a call that was counted, not recorded (other sync tokens are 0 and 1).
const COUNTED = -2
// A site is counted while its sampled calls take under SHORT_NS on average and its calls since the
// previous sample came at least one per HOT_GAP_NS (10 000 a second).
const SHORT_NS = 2000
const HOT_GAP_NS = 100_000
// A counted site is sampled once in this many calls (instead of sampleEvery): its calls are many
// and alike, and a sample costs two clock reads.
const COUNTED_SAMPLE_EVERY = 1024

/**
 * The call strategy for hot calls: e, r and x that count, instead of recording, the calls of a
 * site that runs at least 10 000 times a second for under 2 µs a call, and everything those calls
 * call.
 *
 * Recording every call of such a site costs more than the call itself and fills the ring faster
 * than any transport empties it. So between two samples (one call in COUNTED_SAMPLE_EVERY,
 * recorded and timed as before) its calls write no record, and neither does anything they call:
 * each adds one to its own site-table entry's counter, and `hidden` is the number of counted calls
 * running. Count records carry the counters to the trace: at the entry's next slow path, and at
 * every flush.
 *
 * The decision is made at each timed sample, on the slow path, from the mean of the site's last
 * sampled durations and the time its calls since the previous sample took; a flush (timer, idle
 * callback, exit) ends every site's counting, so that a site that went quiet is timed and decided
 * afresh at its next call. Sync calls only: async calls (`a`) are always recorded, as their later
 * segments run outside the counted call. A counted call that throws out of the outermost counted call is
 * recorded after all (Enter and Throw, untimed, under the right parent), so an error is never only
 * counted; throws caught inside a counted call stay counted.
 *
 * Site ids that share a site-table entry share its counter: the entry remembers the one site
 * using it, or that two do (then none of them is counted on its own, and calls counted inside
 * another site's counted call go out with site 0: "one of several").
 */
export function countHotCalls(core: RecorderCore): CallFunctions {
  const { ring, countdown, isTimedCall, timed, exit, last } = core
  const tableSize = countdown.length
  const siteMask = tableSize - 1
  // Site of the call whose Throw was just written: its `r` in `finally` must write nothing.
  let pendingThrow = 0
  let isOn = true
  let hidden = 0
  // Set when a site starts being counted (nothing is counted without one): a flush with it clear
  // has nothing to do. And the calls that Count records carried so far.
  let isCounting = false
  let countedCalls = 0
  // Per entry: the site counted there (0: none; the hot path compares it with its own site, so a
  // site that collides with it is not counted), the calls counted since the last Count record,
  // and, slow path only: the one site using the entry (-1 once two do), the last timed entry's
  // time, the mean of the last sampled durations, and time and call number of the last sample.
  const countedSite = new Int32Array(tableSize)
  const counted = new Int32Array(tableSize)
  const owner = new Int32Array(tableSize)
  const enterNs = new Float64Array(tableSize)
  const meanNs = new Float64Array(tableSize)
  const sampleNs = new Float64Array(tableSize)
  const sampleCall = new Float64Array(tableSize)
  // Per entry, slow path only: the calls made so far, and those its countdown lets through before
  // the next slow path (the countdown of a counted site runs longer than isTimedCall's numbering).
  const seen = new Float64Array(tableSize)
  const ahead = new Int32Array(tableSize)

  // Writes the calls counted at an entry since its last Count record.
  function writeCount(k: number): void {
    const n = counted[k]!
    if (n !== 0 && ring.push(COUNT, Math.max(owner[k]!, 0), n, 0)) {
      counted[k] = 0
      countedCalls += n
    }
  }

  function flushCounts(): void {
    if (!isCounting) return
    isCounting = false
    // A scan of the table (16 384 entries in Node) costs some microseconds, less than keeping a
    // list of the entries to visit would cost the hot path.
    for (let k = 0; k < tableSize; k++) {
      if (counted[k] !== 0) writeCount(k)
      // Its next call decides afresh (it would otherwise be recorded for up to a long countdown);
      // `seen` keeps the calls the countdown let through so far.
      if (countedSite[k] !== 0) {
        seen[k] += ahead[k]! - countdown[k]!
        countdown[k] = ahead[k] = 0
      }
    }
    countedSite.fill(0)
    hidden = 0
  }

  // At a timed call of a site (each of its first timed calls, then its samples): counts its calls
  // from the next one the countdown lets through (past the first timed calls) when it proved hot
  // and short, records them when not.
  function decide(site: number, k: number, ns: number, call: number): void {
    const hot = sampleCall[k] !== 0 && (ns - sampleNs[k]!) / (call - sampleCall[k]!) < HOT_GAP_NS
    sampleNs[k] = ns
    sampleCall[k] = call
    const on = hot && meanNs[k]! < SHORT_NS && owner[k] === site
    if (on === (countedSite[k] === site)) return
    countedSite[k] = on ? site : 0
    if (on) isCounting = true
  }

  function enterSlow(site: number, k: number): number {
    const o = owner[k]!
    if (o !== site) owner[k] = o === 0 ? site : -1
    const isTimed = isTimedCall(k)
    const call = seen[k] += ahead[k]! + 1
    if (counted[k] !== 0) writeCount(k)
    let token = COUNTED
    if (hidden !== 0) {
      counted[k]++
      hidden++
      // Inside counted calls, its slow path has nothing to time: come back less often.
      if (countdown[k] !== 0) countdown[k] = Math.max(countdown[k]!, COUNTED_SAMPLE_EVERY - 1)
    }
    else if (!isTimed) {
      ring.push(ENTER, site, 0, 0)
      token = 0
    }
    else {
      token = timed(ENTER, site, 0)
      if (token !== 0) {
        const ns = enterNs[k] = last[0]!
        if (isOn) decide(site, k, ns, call)
        // Past the first timed calls (their countdown is 0), a counted site is sampled less often.
        if (countedSite[k] === site && countdown[k] !== 0) countdown[k] = Math.max(countdown[k]!, COUNTED_SAMPLE_EVERY - 1)
      }
    }
    ahead[k] = countdown[k]!
    return token
  }

  // Inlined into every instrumented function, like recorder.ts's: a counted call costs a counter,
  // two compares and two increments. The recording half of e, r and x repeats recorder.ts's default
  // ones on purpose: one body per function keeps each fast path a single inlinable piece.
  function e(site: number): number {
    const k = site & siteMask
    const left = countdown[k]! - 1
    if (left < 0) return enterSlow(site, k)
    countdown[k] = left
    if (hidden !== 0 || countedSite[k] === site) {
      counted[k]++
      hidden++
      return COUNTED
    }
    ring.push(ENTER, site, 0, 0)
    return 0
  }

  function returnSlow(site: number, token: number): void {
    if (pendingThrow === site) {
      pendingThrow = 0
      return
    }
    if (token !== 1) return exit(RETURN, site, token)
    // A timed return: the mean of the site's last sampled durations (half new, half old).
    if (timed(RETURN, site, 0) === 0) return
    const k = site & siteMask
    const d = last[0]! - enterNs[k]!
    meanNs[k] = meanNs[k] === 0 ? d : (meanNs[k]! + d) / 2
  }

  function r(site: number, token: number): void {
    if (token < 0) {
      hidden--
      return
    }
    if ((token | pendingThrow) !== 0) return returnSlow(site, token)
    ring.push(RETURN, site, 0, 0)
  }

  function x(site: number, token: number, _error: unknown): void {
    if (token < 0) {
      // The outermost counted call threw: recorded after all, entered and thrown at once. Its `r`
      // still ends the counted call.
      if (hidden === 1) {
        counted[site & siteMask]--
        ring.push(ENTER, site, 0, 0)
        ring.push(THROW, site, 0, 0)
      }
      return
    }
    exit(THROW, site, token)
    pendingThrow = site
  }

  return {
    e,
    r,
    x,
    flushCounts,
    get countedCalls() {
      return countedCalls
    },
    recordEveryCall: () => {
      isOn = false
      flushCounts()
    },
  }
}
