import type { RuntimeApi } from '@execscope/core/codec'
import type { BatchIdentity, DrainedBatch, OverflowMode, RingBufferOptions } from './ring-buffer.ts'
import { RingBuffer, badOption, isPowerOfTwo } from './ring-buffer.ts'

/** A monotonic clock in milliseconds since the thread's time origin, like `performance`. */
export interface Clock {
  now: () => number
}

export interface RecorderConfig {
  /** Records the ring holds (16 bytes each), a power of two. */
  ringCapacity: number
  /** Calls of each site that are all timed before the site is sampled, 0 to 2^20. */
  timedCallsPerSite: number
  /** After that, one call in this many is timed; a power of two from 1 to 65536. */
  sampleEvery: number
  /**
   * Entries of the per-site call counter table, a power of two; sites whose ids collide modulo
   * the size share a counter. @default 4096
   */
  siteTableSize?: number
  /** Where timed records read the time. @default globalThis.performance */
  clock?: Clock
  /** What a full ring does: drop the newest records, or overwrite the oldest. @default 'drop-newest' */
  overflow?: OverflowMode
  /**
   * Makes the ring; Node passes `o => new FlightRecorderRing(o)` for 'flight-recorder', which the
   * plain RingBuffer refuses (so browser bundles do not carry it). @internal
   */
  createRing?: (options: RingBufferOptions) => RingBuffer
  /** CRC-32 over a batch's record words (Node passes a native one). @default the portable crc32Words */
  checksum?: (words: Int32Array) => number
  /**
   * Makes e, r and x instead of the default ones, which record every call. Node passes
   * `countHotCalls` (hot-calls.ts), which counts the calls of hot, short sites instead: a module of
   * its own, so browser bundles do not carry it. Returning undefined keeps the default ones (the
   * caller may just want the core, as Node's install does for its countdowns).
   */
  calls?: (core: RecorderCore) => CallFunctions | undefined
  /** Further ring options (tests use them). @internal */
  ring?: Omit<RingBufferOptions, 'capacity'>
}

/** The six recording functions plus what the transport needs to ship their records. */
export interface Recorder extends RuntimeApi {
  /** The thread's ring; the transport drains it. @internal */
  readonly ring: RingBuffer
  /** Takes up to `maxRecords` records as one encoded batch (same thread only). @internal */
  drain: (maxRecords: number, identity: BatchIdentity) => DrainedBatch | undefined
  /** The strategy that made e, r and x, with its own extras (hot-calls.ts's counts). @internal */
  readonly calls: CallFunctions
  /** The sequence number the ring's next record gets (what a transport's flush waits for). @internal */
  readonly nextSeq: number
  /**
   * Nanoseconds the value and state recorders spent making and writing previews, measured with
   * the thread's clock (they add to it; absent until the first preview). @internal
   */
  previewNs?: number
}

/** e, r and x as a call strategy makes them, with what a counting strategy adds. */
export interface CallFunctions extends Pick<RuntimeApi, 'e' | 'r' | 'x'> {
  /** The count of a call at level `count`, when the strategy keeps counts of its own (see RuntimeApi.k). */
  k?: (site: number) => void
  /** The async entry, when the strategy wraps the core's (see RecorderCore.a). */
  a?: (site: number) => number
  /**
   * Writes a Count record for every site with calls counted since its last one, and ends every
   * site's counting until its next sample proves it hot again (same thread only, at a moment when
   * no instrumented call runs: a flush timer, idle callback or exit; `drain` calls it first).
   */
  flushCounts?: () => void
  /** Calls carried by the Count records written so far (counted, not recorded). */
  readonly countedCalls?: number
  /** Records every call from now on. */
  recordEveryCall?: () => void
  /**
   * Whether a counted call is running (its calls are not recorded): the state recorder leaves
   * alone what such a call assigns, which would otherwise be laid at a recorded caller's door.
   */
  isInCountedCall?: () => boolean
  /**
   * Makes the next call of every site a timed one (same thread only, when no instrumented call
   * runs). Without it a strategy's countdowns are simply cleared (see `timeNextCalls`).
   */
  timeNextCalls?: () => void
}

/** The recorder's parts a call strategy builds e, r and x on (slow-path helpers besides the ring). */
export interface RecorderCore {
  readonly ring: RingBuffer
  /** Per site-table entry (its length is the table's size): untimed calls left before the next timed one (the hot path decrements it). */
  readonly countdown: Int32Array
  /** The countdown ran out at entry `k`: is this call timed? (Also sets the countdown.) */
  isTimedCall: (k: number) => boolean
  /** Writes a timed record; returns the token's timed bit (0 when the clock was not read). */
  timed: (kind: number, site: number, payload: number) => number
  /** Writes an exit-like record for a token: timed if its bit says so. */
  exit: (kind: number, site: number, token: number) => void
  /**
   * `[0]`: the time the last timed record got, ns; `[1]`: the number (from 1) of the call
   * isTimedCall last looked at, in its site-table entry.
   */
  readonly last: Float64Array
  /** The async entry (`a`), which moves the same countdowns: a strategy that reads them wraps it. */
  a: (site: number) => number
}

// RecordKind's call kinds and RecordFlag.Timed as literals, so the browser runtime does not carry
// those objects (bytes against its 4 KB budget); recorder.test.ts decodes what the recorder writes
// with @execscope/core and names each record by its kind and flag, so a mismatch fails there.
const ENTER = 1
const RETURN = 2
const THROW = 3
const SUSPEND = 4
const RESUME = 5
const TIMED = 1 << 8
// Async ids stay below 2^29 so that a token (id << 1 | timed) stays a small integer; 0 means sync.
const ASYNC_ID_MAX = (1 << 29) - 1

/**
 * The thread's clock: `performance`, which every browser, worker and supported Node has. (Without
 * it, making a recorder throws, and the runtime's install falls back to the inert runtime.)
 */
export function defaultClock(): Clock {
  return (globalThis as unknown as { performance: Clock }).performance
}

/**
 * Creates one thread's recorder: the functions instrumented code calls, writing into a new ring.
 * Throws `RangeError` for a bad config (at creation, never while recording).
 */
export function createRecorder(config: RecorderConfig): Recorder {
  const { timedCallsPerSite, sampleEvery } = config
  const tableSize = config.siteTableSize ?? 4096
  if (!Number.isInteger(timedCallsPerSite) || timedCallsPerSite < 0 || timedCallsPerSite > 1 << 20)
    throw badOption('timedCallsPerSite must be an integer from 0 to 2^20', timedCallsPerSite)
  if (!isPowerOfTwo(sampleEvery) || sampleEvery > 65536)
    throw badOption('sampleEvery must be a power of two from 1 to 65536', sampleEvery)
  if (!isPowerOfTwo(tableSize) || tableSize > 1 << 24)
    throw badOption('siteTableSize must be a power of two up to 2^24', tableSize)

  const ringOptions: RingBufferOptions = { overflow: config.overflow, checksum: config.checksum, ...config.ring, capacity: config.ringCapacity }
  const ring = config.createRing ? config.createRing(ringOptions) : new RingBuffer(ringOptions)
  // Per site-table entry: untimed calls left before the next timed one (the hot path only
  // decrements it), and the 1-based number of that next timed call (slow path only; a double, so
  // it never wraps).
  const countdown = new Int32Array(tableSize)
  const nextTimed = new Float64Array(tableSize)
  const siteMask = tableSize - 1
  const clock = config.clock ?? defaultClock()
  // Captured once, so a later patch of performance.now (fake timers, user code that is itself
  // instrumented) is never called from the hot path.
  const now = clock.now
  // Set while reading the clock: if the clock ever called back into us, that call is recorded untimed.
  let inClock = false
  // The time the last timed record got, in ns, and the number of the call isTimedCall last saw.
  const last = new Float64Array(2)
  let asyncId = 0

  // Slow path of the call counter, reached when a site's countdown runs out: says whether this call
  // is timed (the first timedCallsPerSite calls, then every sampleEvery-th) and sets the countdown.
  function isTimedCall(k: number): boolean {
    const c = last[1] = nextTimed[k] || 1
    if (c < timedCallsPerSite) {
      nextTimed[k] = c + 1
      countdown[k] = 0
      return true
    }
    // Dividing a double by a power of two is exact, and cheaper than `%` (a C call on doubles).
    const next = (Math.floor(c / sampleEvery) + 1) * sampleEvery
    nextTimed[k] = next
    countdown[k] = next - c - 1
    // The countdown only stops at call 1, at calls up to timedCallsPerSite, and at multiples of
    // sampleEvery; call 1 is timed unless it is neither of the other two.
    return c > 1 || timedCallsPerSite > 0 || sampleEvery === 1
  }

  // Writes a timed record and returns the timed token bit (0 if the clock was not read).
  function timed(kind: number, site: number, payload: number): number {
    // A record the full ring is going to refuse is not worth a clock read (ten records' cost).
    if (inClock || ring.isRefusing) {
      ring.push(kind, site, payload, 0)
      return 0
    }
    inClock = true
    const ns = last[0] = Math.round(now.call(clock) * 1e6)
    inClock = false
    ring.pushTimed(kind | TIMED, site, payload, ns)
    return 1
  }

  function exit(kind: number, site: number, token: number): void {
    if ((token & 1) === 0) ring.push(kind, site, token >> 1, 0)
    else timed(kind, site, token >> 1)
  }

  // The default call strategy: e, r and x write an Enter and a Return or Throw for every call,
  // timed when the site's countdown says so. (Inline, not a module like hot-calls.ts: the browser
  // runtime's size budget.)
  // Site of the call whose Throw was just written: its `r` in `finally` must write nothing.
  let pendingThrow = 0

  function enterSlow(site: number, k: number): number {
    if (isTimedCall(k)) return timed(ENTER, site, 0)
    ring.push(ENTER, site, 0, 0)
    return 0
  }

  // e and r are inlined into every instrumented function: their fast paths stay tiny (one counter,
  // one ring write) and everything else is a call, so V8's per-function inlining budget is left to
  // the app's own code.
  function e(site: number): number {
    const k = site & siteMask
    const left = countdown[k]! - 1
    if (left < 0) return enterSlow(site, k)
    countdown[k] = left
    ring.push(ENTER, site, 0, 0)
    return 0
  }

  function returnSlow(site: number, token: number): void {
    if (pendingThrow === site) {
      pendingThrow = 0
      return
    }
    exit(RETURN, site, token)
  }

  function r(site: number, token: number): void {
    if ((token | pendingThrow) !== 0) return returnSlow(site, token)
    ring.push(RETURN, site, 0, 0)
  }

  function x(site: number, token: number, _error: unknown): void {
    exit(THROW, site, token)
    pendingThrow = site
  }

  const calls: CallFunctions = config.calls?.({ ring, countdown, isTimedCall, timed, exit, last, a }) ?? { e, r, x }

  function a(site: number): number {
    const id = asyncId = asyncId >= ASYNC_ID_MAX ? 1 : asyncId + 1
    const k = site & siteMask
    const left = countdown[k]! - 1
    if (left < 0 && isTimedCall(k)) return (id << 1) | timed(ENTER, site, id)
    if (left >= 0) countdown[k] = left
    ring.push(ENTER, site, id, 0)
    return id << 1
  }

  function s<T>(site: number, token: number, value: T): T {
    exit(SUSPEND, site, token)
    return value
  }

  function u<T>(site: number, token: number, value: T): T {
    exit(RESUME, site, token)
    return value
  }

  return {
    e: calls.e,
    r: calls.r,
    x: calls.x,
    a: calls.a ?? a,
    s,
    u,
    ring,
    drain: (maxRecords, identity) => {
      calls.flushCounts?.()
      return ring.drain(maxRecords, identity)
    },
    calls,
    get nextSeq() {
      return ring.nextSeq
    },
  }
}
