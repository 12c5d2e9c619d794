import type { CallFunctions, RecorderCore } from './recorder.ts'

// Record kinds as literals, like recorder.ts (hot-calls.test.ts decodes what is written).
const ENTER = 1
const RETURN = 2
const THROW = 3
const COUNT = 15
// Token of a call that was counted, not recorded (other sync tokens are 0 and 1).
const COUNTED = -2
// What e passes its slow path instead of a token.
const ENTRY = -1
// A site is counted while its sampled calls take under SHORT_NS on average and its calls since the
// previous sample came at least one per HOT_GAP_NS (10 000 a second).
const SHORT_NS = 2000
const HOT_GAP_NS = 100_000
// A counted site is sampled once in this many calls (instead of sampleEvery): its calls are many
// and alike, and a sample costs two clock reads.
const COUNTED_SAMPLE_EVERY = 1024

/**
 * Level `count` (`k`) for the hot-call strategy, with a table of its own (apart from e and r's
 * counters, which a function at level `count` must not move): per entry, the one site counted
 * there and its calls since the last `flush`, which writes a Count record per site and returns the
 * calls they carried. A site whose entry another has taken writes a Count record per call.
 */
function countLevelCalls(ring: RecorderCore['ring'], tableSize: number): { k: (site: number) => void, flush: () => number } {
  const mask = tableSize - 1
  const owner = new Int32Array(tableSize)
  const calls = new Int32Array(tableSize)
  let hasOwners = false
  let written = 0

  function countSlow(site: number, i: number): void {
    if (owner[i] === 0) {
      owner[i] = site
      calls[i] = 1
      hasOwners = true
    }
    else if (ring.push(COUNT, site, 1, 0)) written++
  }

  return {
    // One increment, inlined like e.
    k: (site) => {
      const i = site & mask
      if (owner[i] === site) calls[i]++
      else countSlow(site, i)
    },
    flush: () => {
      let carried = written
      written = 0
      if (!hasOwners) return carried
      for (let i = 0; i < tableSize; i++) {
        const n = calls[i]!
        if (n !== 0 && ring.push(COUNT, owner[i]!, n, 0)) {
          calls[i] = 0
          carried += n
        }
      }
      return carried
    },
  }
}

/**
 * The call strategy for hot calls: e, r and x that count, instead of recording, the calls of a
 * site that runs at least 10 000 times a second for under 2 µs a call, and everything those calls
 * call.
 *
 * Recording every call of such a site costs more than the call itself and fills the ring faster
 * than any transport empties it. So between two samples (one call in COUNTED_SAMPLE_EVERY,
 * recorded and timed as before) its calls write no record, and neither does anything they call:
 * each only moves its site-table entry's countdown, as every call does, and `hidden` is the
 * number of counted calls running. How far the countdown moved, less the calls that went to the
 * slow path to be recorded, is the entry's count: Count records carry it to the trace at the
 * entry's next slow path and at every flush.
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
  const { ring, isTimedCall, timed, exit, last } = core
  const asyncEntry = core.a
  // What e and r read is declared with `var` (the file's only ones): V8 checks a closure's every
  // read of an outer `let` or `const` for the temporal dead zone, a check (bytes of bytecode)
  // in each of the thousands of places e and r are inlined into.
  // eslint-disable-next-line no-var
  var countdown = core.countdown, siteMask = countdown.length - 1, hidden = 0
  const tableSize = countdown.length
  // Site of the call whose Throw was just written: its `r` in `finally` must write nothing.
  let pendingThrow = 0
  let isOn = true
  // Set when a site starts being counted (nothing is counted without one): a flush with it clear
  // has nothing to do. And the calls that Count records carried so far.
  let isCounting = false
  let countedCalls = 0
  // Per entry: the site counted there (0: none; the hot path compares it with its own site, so a
  // site that collides with it is not counted), the calls counted since the last Count record,
  // and, slow path only: the one site using the entry (-1 once two do), the last timed entry's
  // time, the mean of the last sampled durations, and time and call number of the last sample.
  // eslint-disable-next-line no-var
  var countedSite = new Int32Array(tableSize), counted = new Int32Array(tableSize)
  const owner = new Int32Array(tableSize)
  const enterNs = new Float64Array(tableSize)
  const meanNs = new Float64Array(tableSize)
  const sampleNs = new Float64Array(tableSize)
  const sampleCall = new Float64Array(tableSize)
  // Per entry, slow path only: the calls made so far, those its countdown lets through before the
  // next slow path (the countdown of a counted site runs longer than isTimedCall's numbering), and
  // how many of those went to the slow path to be recorded. The others were counted: e's fast path
  // only moves the countdown, and `settle` adds them to `counted`.
  const seen = new Float64Array(tableSize)
  const ahead = new Int32Array(tableSize)
  const recordedAhead = new Int32Array(tableSize)
  const levelCounts = countLevelCalls(ring, tableSize)

  // Moves the calls an entry's countdown let through since `ahead` was set into `seen`, and those
  // of them e counted (all but the recorded ones) into `counted`.
  function settle(k: number): void {
    const through = ahead[k]! - countdown[k]!
    seen[k] += through
    counted[k] += through - recordedAhead[k]!
    ahead[k] = countdown[k]!
    recordedAhead[k] = 0
  }

  // Writes the calls counted at an entry since its last Count record.
  function writeCount(k: number): void {
    const n = counted[k]!
    if (n !== 0 && ring.push(COUNT, Math.max(owner[k]!, 0), n, 0)) {
      counted[k] = 0
      countedCalls += n
    }
  }

  function flushCounts(): void {
    countedCalls += levelCounts.flush()
    if (!isCounting) return
    // From inside a counted call (the app flushing from a hot function, synchronously), the counts
    // go out and the counting goes on: ended halfway, `hidden` would be out of step with the
    // counted calls still running, and their callers' callees would be counted at top level.
    const isInside = hidden !== 0
    if (!isInside) isCounting = false
    // A scan of the table (16 384 entries in Node) costs some microseconds, less than keeping a
    // list of the entries to visit would cost the hot path.
    for (let k = 0; k < tableSize; k++) {
      if (ahead[k] !== countdown[k]) settle(k)
      if (counted[k] !== 0) writeCount(k)
      // Its next call decides afresh (it would otherwise be recorded for up to a long countdown).
      if (!isInside && countedSite[k] !== 0) countdown[k] = ahead[k] = 0
    }
    if (isInside) return
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

  // The slow path of e and of r, one function on purpose. V8 inlines a function of up to 460 bytes
  // of bytecode, and counts what a callee inlined itself against the inlining budget of every
  // function it is inlined into (920 bytes in all). Inlined into e and r, the slow paths made them
  // too big to inline anywhere, and kept the app's own functions from inlining each other; as one
  // function above that limit (test/runtime-inlining.test.ts checks), they stay out of e and r,
  // which stay a few dozen bytes. `exitToken` is ENTRY for e, else r's token; `left` is e's
  // countdown less one.
  function slow(site: number, exitToken: number, left: number): number {
    const k = site & siteMask
    if (exitToken !== ENTRY) {
      if (pendingThrow === site) {
        pendingThrow = 0
        return 0
      }
      if (exitToken === 0) ring.push(RETURN, site, 0, 0)
      else if (exitToken !== 1) exit(RETURN, site, exitToken)
      else if (timed(RETURN, site, 0) !== 0) {
        // A timed return: the mean of the site's last sampled durations (half new, half old).
        const d = last[0]! - enterNs[k]!
        meanNs[k] = meanNs[k] === 0 ? d : (meanNs[k]! + d) / 2
      }
      return 0
    }
    if (left >= 0) {
      // Between two slow paths, a call of a site that is not counted: recorded.
      countdown[k] = left
      recordedAhead[k]++
      ring.push(ENTER, site, 0, 0)
      return 0
    }
    const o = owner[k]!
    if (o !== site) owner[k] = o === 0 ? site : -1
    // Before isTimedCall, which sets the countdown for the next stretch.
    settle(k)
    const isTimed = isTimedCall(k)
    const call = ++seen[k]
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

  // Async calls are always recorded, by the core's `a`, which moves the same countdowns (their
  // entry may be shared with a sync site's): what e counted at the entry is settled first, and
  // the countdown `a` leaves is the new start, so its moves are never taken for counted calls.
  function a(site: number): number {
    const k = site & siteMask
    if (ahead[k] !== countdown[k]) settle(k)
    const token = asyncEntry(site)
    ahead[k] = countdown[k]!
    return token
  }

  // Inlined into every instrumented function: a counted call costs a countdown, two compares and
  // an increment in e and a compare and a decrement in r; everything else, recording and the
  // per-site counts included, is the slow path's (a call).
  function e(site: number): number {
    const k = site & siteMask
    const left = countdown[k]! - 1
    // Literals, not ENTRY and COUNTED: a module constant is a read too.
    if (left < 0 || (hidden === 0 && countedSite[k] !== site)) return slow(site, -1, left)
    // Counted: the countdown it moved is its count (see `settle`).
    countdown[k] = left
    hidden++
    return -2
  }

  function r(site: number, token: number): void {
    if (token < 0) {
      hidden--
      return
    }
    slow(site, token, 0)
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
    a,
    k: levelCounts.k,
    flushCounts,
    get countedCalls() {
      return countedCalls
    },
    recordEveryCall: () => {
      isOn = false
      flushCounts()
    },
    isInCountedCall: () => hidden !== 0,
    timeNextCalls: () => {
      flushCounts()
      for (let k = 0; k < tableSize; k++) {
        // Like a flush: `seen` keeps the calls the countdown let through so far.
        if (countdown[k]! > 0) {
          settle(k)
          countdown[k] = ahead[k] = 0
        }
      }
    },
  }
}
