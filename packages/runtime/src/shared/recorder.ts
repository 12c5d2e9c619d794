import type { RuntimeApi } from '@execscope/core/codec'
import type { BatchIdentity, DrainedBatch, RingBufferOptions } from './ring-buffer.ts'
import { RecordFlag, RecordKind } from '@execscope/core/codec'
import { RingBuffer } from './ring-buffer.ts'

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
  /** Further ring options (tests use them). @internal */
  ring?: Omit<RingBufferOptions, 'capacity'>
}

/** The six recording functions plus what the transport needs to ship their records. */
export interface Recorder extends RuntimeApi {
  /** The thread's ring; the transport drains it. @internal */
  readonly ring: RingBuffer
  /** Takes up to `maxRecords` records as one encoded batch (same thread only). @internal */
  drain: (maxRecords: number, identity: BatchIdentity) => DrainedBatch | undefined
}

const ENTER = RecordKind.Enter
const RETURN = RecordKind.Return
const THROW = RecordKind.Throw
const SUSPEND = RecordKind.Suspend
const RESUME = RecordKind.Resume
const TIMED = RecordFlag.Timed << 8
// Call counters wrap at 2^30 (the largest small integer in V8); a site then gets one extra timed call.
const COUNT_MASK = 0x3FFFFFFF
// Async ids stay below 2^29 so that a token (id << 1 | timed) stays a small integer; 0 means sync.
const ASYNC_ID_MAX = (1 << 29) - 1

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0
}

function defaultClock(): Clock {
  const perf = (globalThis as { performance?: Clock }).performance
  if (perf && typeof perf.now === 'function') return perf
  const start = Date.now()
  return { now: () => Date.now() - start }
}

/**
 * Creates one thread's recorder: the functions instrumented code calls, writing into a new ring.
 * Throws `RangeError` for a bad config (at creation, never while recording).
 */
export function createRecorder(config: RecorderConfig): Recorder {
  const { timedCallsPerSite, sampleEvery } = config
  const tableSize = config.siteTableSize ?? 4096
  if (!Number.isInteger(timedCallsPerSite) || timedCallsPerSite < 0 || timedCallsPerSite > 1 << 20)
    throw new RangeError(`[execscope] timedCallsPerSite must be an integer from 0 to 1048576, got ${JSON.stringify(timedCallsPerSite)}.`)
  if (!isPowerOfTwo(sampleEvery) || sampleEvery > 65536)
    throw new RangeError(`[execscope] sampleEvery must be a power of two from 1 to 65536, got ${JSON.stringify(sampleEvery)}.`)
  if (!isPowerOfTwo(tableSize) || tableSize > 1 << 24)
    throw new RangeError(`[execscope] siteTableSize must be a power of two up to 16777216, got ${JSON.stringify(tableSize)}.`)

  const ring = new RingBuffer({ ...config.ring, capacity: config.ringCapacity })
  const counts = new Int32Array(tableSize)
  const siteMask = tableSize - 1
  const sampleMask = sampleEvery - 1
  const clock = config.clock ?? defaultClock()
  // Captured once, so a later patch of performance.now (fake timers, user code that is itself
  // instrumented) is never called from the hot path.
  const now = clock.now
  // Set while reading the clock: if the clock ever called back into us, that call is recorded untimed.
  let inClock = false
  // Site of the call whose Throw was just written: its `r` in `finally` must write nothing.
  let pendingThrow = 0
  let asyncId = 0

  // Counts the call and says whether to time it: the first N calls, then one in sampleEvery.
  function isTimedCall(site: number): boolean {
    const k = site & siteMask
    const c = (counts[k]! + 1) & COUNT_MASK
    counts[k] = c
    return c <= timedCallsPerSite || (c & sampleMask) === 0
  }

  // Writes a timed record and returns the timed token bit (0 if the clock could not be read).
  function timed(kind: number, site: number, payload: number): number {
    if (inClock) {
      ring.push(kind, site, payload, 0)
      return 0
    }
    inClock = true
    const ns = Math.round(now.call(clock) * 1e6)
    inClock = false
    ring.pushTimed(kind | TIMED, site, payload, ns)
    return 1
  }

  function exit(kind: number, site: number, token: number): void {
    if ((token & 1) === 0) ring.push(kind, site, token >> 1, 0)
    else timed(kind, site, token >> 1)
  }

  function e(site: number): number {
    if (isTimedCall(site)) return timed(ENTER, site, 0)
    ring.push(ENTER, site, 0, 0)
    return 0
  }

  function r(site: number, token: number): void {
    if (pendingThrow === site) {
      pendingThrow = 0
      return
    }
    exit(RETURN, site, token)
  }

  function x(site: number, token: number, _error: unknown): void {
    exit(THROW, site, token)
    pendingThrow = site
  }

  function a(site: number): number {
    const id = asyncId = asyncId >= ASYNC_ID_MAX ? 1 : asyncId + 1
    if (isTimedCall(site)) return (id << 1) | timed(ENTER, site, id)
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
    e,
    r,
    x,
    a,
    s,
    u,
    ring,
    drain: (maxRecords, identity) => ring.drain(maxRecords, identity),
  }
}
