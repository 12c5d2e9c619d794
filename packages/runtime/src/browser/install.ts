import type { RuntimeApi } from '@execscope/core/codec'
import type { Recorder, RecorderConfig } from '../shared/recorder.ts'
import type { BatchIdentity } from '../shared/ring-buffer.ts'
import type { TransportStats } from '../shared/shipper.ts'
import { GLOBAL_RUNTIME_KEY, sessionIdToHex } from '@execscope/core/codec'
import { clockResolutionNs } from '../shared/clock-resolution.ts'
import { createRecorder } from '../shared/recorder.ts'
import { installOnce } from '../shared/install-once.ts'
import { createShipper } from '../shared/shipper.ts'

export interface BrowserRuntimeConfig {
  /** Base URL of the collector; batches go to `${endpoint}/ingest`. Example: '/__execscope' */
  endpoint: string
  /** Records the ring holds (16 bytes each), a power of two. */
  ringCapacity: number
  /** How often the runtime looks for records to ship, in milliseconds. */
  flushIntervalMs: number
  /** Calls of each site that are all timed before the site is sampled. */
  timedCallsPerSite: number
  /** After that, one call in this many is timed (a power of two). */
  sampleEvery: number
  /** This thread's id in the trace. @default 0 (the main thread) */
  threadId?: number
  /**
   * The call strategy: `countHotCalls` from `@execscope/runtime/hot-calls` (a module of its own,
   * outside this runtime's size budget) counts the calls of hot, short functions instead of
   * recording each. @default every call recorded
   */
  calls?: RecorderConfig['calls']
  /**
   * Called with the status of every answer the collector gives a batch (the plugin's module says
   * once in the console when it is 404, 405 or 501: no collector there). Outside this runtime, for
   * its size budget.
   */
  onStatus?: (status: number) => void
}

/** The runtime `install` puts on `globalThis.__execscope`. */
export interface InstalledRuntime extends RuntimeApi {
  /** Ships everything recorded so far and resolves when the collector has it (or it was given up). */
  flush: () => Promise<void>
  /** Transport counters. */
  readonly stats: TransportStats
  /**
   * This page load's session id, 32 hex digits ('' if the runtime could not start). A Web Worker's
   * runtime starts with one of its own and takes its page's when it joins it (see `identity`).
   */
  sessionId: string
  /**
   * What every batch says it comes from. The probes of a Web Worker change it to its page's session
   * and the thread id the page gave the worker, before the first batch leaves, so page and worker
   * are one session (`@execscope/runtime/probes`, browser-workers.ts). Absent on the inert runtime. @internal
   */
  readonly identity?: BatchIdentity
  /** @internal */
  readonly recorder: Recorder | undefined
  /**
   * Stops the timer and page listeners and frees `globalThis.__execscope`, so tests can install
   * again; records not flushed yet stay unsent. @internal
   */
  dispose: () => void
}

/** Records per regular batch: 128 KiB bodies. */
const MAX_BATCH_RECORDS = 8192
/**
 * Records in one keepalive body: browsers allow 64 KiB of keepalive/beacon bodies in flight in all,
 * a batch has a 48-byte header, and 4 KiB stay free for the thread's last stats report (about 600
 * bytes, sent as the page hides): a batch of the full 64 KiB would be refused beside it, and lost
 * as the page goes. Still at least DEFAULT_ANCHOR_SPAN, so batches keep their clock anchors.
 */
const KEEPALIVE_RECORDS = (65536 - 4096 - 48) >> 4

interface IdleDeadlineLike { timeRemaining: () => number }
type IdleScheduler = (cb: (deadline: IdleDeadlineLike) => void, opts: { timeout: number }) => number

// Every browser has crypto.getRandomValues (secure context or not, window or worker); without it
// the install throws and the page runs on the inert runtime, unrecorded.
const randomSessionId = (): Uint8Array => crypto.getRandomValues(new Uint8Array(16))

function inertRuntime(): InstalledRuntime {
  // The app must keep running when recording cannot start: same six functions, recording nothing.
  const pass = <T>(_site: number, _token: number, value: T): T => value
  return {
    e: () => 0,
    r: () => {},
    x: () => {},
    a: () => 0,
    s: pass,
    u: pass,
    flush: async () => {},
    stats: { batchesSent: 0, recordsSent: 0, batchesLost: 0, recordsLost: 0, retries: 0, faults: 1 },
    sessionId: '',
    recorder: undefined,
    dispose: () => {},
  }
}

/**
 * Installs the recorder of this realm and its transport to the collector at `config.endpoint`.
 * Idempotent: a second call returns the runtime already on `globalThis.__execscope`. Never throws.
 */
export function install(config: BrowserRuntimeConfig): InstalledRuntime {
  return installOnce(() => start(config), inertRuntime)
}

function start(config: BrowserRuntimeConfig): InstalledRuntime {
  // The config has the recorder's fields (ring, timing, calls); createRecorder reads only those.
  // (It reads the clock from `performance`, which every page and worker has; without one it
  // throws, and the page runs on the inert runtime.)
  const recorder = createRecorder(config)
  const sessionBytes = randomSessionId()
  recorder.ring.clockResolutionNs = clockResolutionNs(performance)
  const identity: BatchIdentity = {
    sessionId: sessionBytes,
    threadId: (config.threadId ?? 0) >>> 0,
    timeOriginMs: performance.timeOrigin,
  }
  const url = `${config.endpoint.replace(/\/+$/, '')}/ingest`
  const headers = { 'content-type': 'application/octet-stream' }

  // Once the page is hidden it may be discarded at any moment: batches then go out with
  // keepalive (or as beacons), which browsers let outlive the page up to 64 KiB in flight. They stay
  // in the one-at-a-time lane, because the collector rejects a batch that arrives after a later one.
  let isHidden = false
  const beacon = (globalThis.navigator as Navigator | undefined)?.sendBeacon
  const hasKeepalive = typeof Request === 'function' && 'keepalive' in Request.prototype
  const shipper = createShipper({
    // The recorder's drain, which writes the counts of hot calls first (with countHotCalls).
    ring: recorder,
    identity,
    batchRecords: () => (isHidden ? KEEPALIVE_RECORDS : MAX_BATCH_RECORDS),
    post: async (body) => {
      if (isHidden && !hasKeepalive && typeof beacon === 'function') {
        // No response to read: an accepted beacon counts as delivered, a refused one is retried.
        return beacon.call(globalThis.navigator, url, new Blob([body], { type: headers['content-type'] })) ? 204 : 0
      }
      const res = await fetch(url, { method: 'POST', body, headers, keepalive: isHidden })
      // Read the (small) response so the connection is released for the next batch.
      await res.arrayBuffer().catch(() => {})
      config.onStatus?.(res.status)
      return res.status
    },
    delay: ms => new Promise(resolve => setTimeout(resolve, ms)),
  })
  const { stats } = shipper

  const idle = (globalThis as { requestIdleCallback?: IdleScheduler }).requestIdleCallback
  let idleQueued = false
  function tick(): void {
    try {
      if (shipper.isBusy || idleQueued || recorder.ring.pending === 0) return
      if (typeof idle === 'function' && !isHidden) {
        idleQueued = true
        idle.call(globalThis, () => {
          idleQueued = false
          shipper.kick()
        }, { timeout: config.flushIntervalMs })
      }
      else {
        shipper.kick()
      }
    }
    catch {
      stats.faults++
    }
  }
  const timer = setInterval(tick, Math.max(10, config.flushIntervalMs)) as unknown as { unref?: () => void }
  // When this runtime runs under Node (SSR, tests), the poll timer must not keep the process alive.
  if (typeof timer === 'object' && typeof timer.unref === 'function') timer.unref()

  // kick() issues the first request synchronously, inside the event handler, while the page still exists.
  function onHide(): void {
    isHidden = true
    try {
      shipper.kick()
    }
    catch {
      stats.faults++
    }
  }
  const onShow = (): void => {
    isHidden = false
  }
  const doc = globalThis.document as Document | undefined
  const onVisibility = (): void => {
    if (doc?.visibilityState === 'hidden') onHide()
    else onShow()
  }
  const hasWindowEvents = typeof globalThis.addEventListener === 'function'
  if (hasWindowEvents) {
    globalThis.addEventListener('pagehide', onHide)
    globalThis.addEventListener('pageshow', onShow)
  }
  doc?.addEventListener?.('visibilitychange', onVisibility)

  function dispose(): void {
    clearInterval(timer as unknown as number)
    if (hasWindowEvents) {
      globalThis.removeEventListener?.('pagehide', onHide)
      globalThis.removeEventListener?.('pageshow', onShow)
    }
    doc?.removeEventListener?.('visibilitychange', onVisibility)
    const g = globalThis as unknown as Record<string, unknown>
    if (g[GLOBAL_RUNTIME_KEY] === runtime) delete g[GLOBAL_RUNTIME_KEY]
  }

  const runtime: InstalledRuntime = {
    e: recorder.e,
    r: recorder.r,
    x: recorder.x,
    a: recorder.a,
    s: recorder.s,
    u: recorder.u,
    flush: shipper.flush,
    stats,
    sessionId: sessionIdToHex(sessionBytes),
    identity,
    recorder,
    dispose,
  }
  return runtime
}
