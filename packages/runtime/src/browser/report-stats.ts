import type { CostCounters, RuntimeStats } from '../shared/self-cost.ts'
import type { BatchIdentity, DrainedBatch } from '../shared/ring-buffer.ts'
import type { TransportStats } from '../shared/shipper.ts'
import { countTimed, estimateCost, NOMINAL_COSTS } from '../shared/self-cost.ts'

/** What the reporter needs of the installed browser runtime (`install`'s result). */
export interface ReportedRuntime {
  readonly sessionId: string
  readonly identity?: BatchIdentity
  readonly stats: TransportStats
  readonly recorder: {
    readonly ring: { readonly nextSeq: number, readonly droppedTotal: number }
    readonly calls: { readonly countedCalls?: number }
    drain: (maxRecords: number, identity: BatchIdentity) => DrainedBatch | undefined
    previewNs?: number
  } | undefined
}

export interface StatsReportOptions {
  /** Base URL of the collector; reports go to `${endpoint}/stats`. Example: '/__execscope' */
  endpoint: string
  /** How often a report goes out while the page runs (and once more when it is hidden). @default 5000 */
  intervalMs?: number
}

// Captured at load, before the probes are installed (the runtime module imports this first): the
// reports' own timer, request and promise handlers are not the app's and record nothing.
const g = globalThis as unknown as Record<string, unknown>
const hostFetch = g.fetch as typeof fetch | undefined
const hostSetInterval = g.setInterval as typeof setInterval | undefined
const then = Promise.prototype.then
const perf = g.performance as Performance | undefined

/**
 * Reports this thread's recording cost to the collector, as the Node runtime does: records
 * written, dropped and timed, counted calls, the time the transport's drains and the value and
 * state previews took (measured), and an estimate of the rest at DESIGN.md's nominal costs (a
 * browser's clock, 100 µs steps unless the page is cross-origin isolated, is too coarse to
 * calibrate them in a few milliseconds). A report goes out with the batches (at most once a
 * second), every `intervalMs` while there is news, and when the page is hidden. Never throws.
 */
export function reportStats(runtime: ReportedRuntime, options: StatsReportOptions): void {
  try {
    const recorder = runtime.recorder
    if (recorder === undefined || hostFetch === undefined || perf === undefined) return
    const url = `${options.endpoint.replace(/\/+$/, '')}/stats`
    const installedAt = perf.now()
    let timedRecords = 0
    let drainNs = 0
    // The shipper drains through the recorder: count the timed records of each batch and time the drain.
    const drain = recorder.drain
    recorder.drain = (maxRecords, identity) => {
      const t0 = perf.now()
      const batch = drain(maxRecords, identity)
      if (batch !== undefined) timedRecords += countTimed(batch.bytes)
      const t1 = perf.now()
      drainNs += (t1 - t0) * 1e6
      // With the batches, at most once a second: a worker has no pagehide, and may be ended any time.
      if (batch !== undefined && t1 - reportedAt >= 1000) report()
      return batch
    }
    let lastRecords = -1
    let reportedAt = -Infinity
    const report = (): void => {
      try {
        reportedAt = perf.now()
        const counters: CostCounters = {
          records: recorder.ring.nextSeq,
          timedRecords,
          drops: recorder.ring.droppedTotal,
          countedCalls: recorder.calls.countedCalls ?? 0,
          overwritten: 0,
          drainNs,
          sendNs: 0,
          previewNs: recorder.previewNs ?? 0,
          elapsedNs: (perf.now() - installedAt) * 1e6,
        }
        if (counters.records === lastRecords) return
        lastRecords = counters.records
        const identity = runtime.identity
        const stats: RuntimeStats = estimateCost(runtime.stats, counters, NOMINAL_COSTS)
        const body = JSON.stringify({ sessionId: runtime.sessionId, threadId: identity?.threadId ?? 0, timeOriginMs: identity?.timeOriginMs ?? perf.timeOrigin, stats })
        const sent = hostFetch.call(globalThis, url, { method: 'POST', body, headers: { 'content-type': 'application/json' }, keepalive: true })
        // Handled here, with the host's own `then`: a collector that is gone is no error of the app's.
        then.call(sent, undefined, () => {})
      }
      catch {}
    }
    hostSetInterval?.call(globalThis, report, Math.max(1000, options.intervalMs ?? 5000))
    const doc = g.document as Document | undefined
    doc?.addEventListener?.('visibilitychange', () => {
      if (doc.visibilityState === 'hidden') report()
    })
    if (typeof g.addEventListener === 'function') (g.addEventListener as Window['addEventListener'])('pagehide', report)
  }
  catch {}
}
