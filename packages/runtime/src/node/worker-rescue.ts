/*
 * Rescue of a terminated worker thread's ring.
 *
 * `worker.terminate()` (and a process that ends while worker threads still run) stops a worker's
 * JavaScript without `beforeExit` or `exit` in it: its runtime never ships what its ring still
 * holds nor writes its stats. The ring lives in shared memory, though, so the thread that created
 * the worker can do it instead:
 *
 *   - Each recording worker thread posts its ring once, at install, on the BroadcastChannel
 *     RINGS_CHANNEL: the ring's memory, its handover block (drain-control.ts), the drain worker's
 *     counters, a block of its own counters (COUNTERS, written on its timer), who it is and where
 *     it ships. The message carries the id of the thread that created it (PARENT_ENV_KEY, set in
 *     the environment data that a Worker inherits), so only that thread keeps it.
 *   - The creating thread sees its Worker objects through `process.on('worker')` and listens to
 *     their 'exit' (listeners on the Worker keep nothing alive and send nothing to the app). When
 *     one exits, unless its own exit path marked the ring ENDED, it takes the ring over for good
 *     (STATE RESCUE; the worker's drain worker, a thread of the worker's, is gone by then too),
 *     resends the batch the drain worker had in flight (HTTP; the collector answers a duplicate
 *     with 409) and ships every published record in whole batches, in order, from READ on, then
 *     the thread's stats. When the creating thread itself ends first, its exit path does the same
 *     for the workers it still knows of (their threads are about to be stopped).
 *
 * What cannot be recovered: records the worker wrote after its producer last published (at most
 * PUBLISH_EVERY, see ring-buffer.ts; their count is not in shared memory), records it refused and
 * had not reported yet, and calls it was counting. A batch the drain worker had taken but not
 * written when it was stopped is a sequence gap the store reports as a 'gap' drop.
 */
import type { BatchIdentity } from '../shared/ring-buffer.ts'
import type { CostCalibration } from '../shared/self-cost.ts'
import type { DrainTarget } from './drain-control.ts'
import type { NodeRuntimeStats } from './install.ts'
import { closeSync, openSync, writeFileSync } from 'node:fs'
import { BroadcastChannel, getEnvironmentData, receiveMessageOnPort, setEnvironmentData, threadId as ownThreadId } from 'node:worker_threads'
import { MAX_BATCH_RECORDS, sessionIdToHex } from '@execscope/core/codec'
import { CALIBRATE_FROM, NOMINAL_COSTS, countTimed, estimateCost } from '../shared/self-cost.ts'
import { ENDED, INFLIGHT, RESCUE, STAT, STATE, WORKER } from './drain-control.ts'
import { nativeChecksum } from './native-checksum.ts'
import { ringView, takeFromView } from './safe-take.ts'
import { writeAll } from './write-all.ts'

export const RINGS_CHANNEL = 'execscope:rings'
/** Key of the creating thread's id in `worker_threads` environment data. */
export const PARENT_ENV_KEY = 'execscope:parent-thread'

/** Slots of a thread's own counters (a Float64Array over shared memory, written on its timer). */
export const COUNTERS = {
  drainedRecords: 0,
  timedRecords: 1,
  drops: 2,
  countedCalls: 3,
  drainNs: 4,
  sendNs: 5,
  previewNs: 6,
  batchesSent: 7,
  recordsSent: 8,
  batchesLost: 9,
  recordsLost: 10,
  retries: 11,
  faults: 12,
  /** Unix epoch milliseconds at install. */
  installedAtMs: 13,
} as const
export const COUNTER_SLOTS = 14

/** What a worker thread posts about its ring. */
export interface RingRegistration {
  parentThreadId: number
  threadId: number
  words: Int32Array
  capacity: number
  ctrl: Int32Array
  drainStats: Float64Array
  inflight: Uint8Array
  counters: Float64Array
  sessionId: Uint8Array
  timeOriginMs: number
  target: DrainTarget
  /** Stats: the file beside the batch file, or the collector's stats URL. */
  statsTarget: string
}

/** Worker side: posts this thread's ring to whichever thread created it. Never throws. */
export function registerRing(registration: Omit<RingRegistration, 'parentThreadId'>): void {
  try {
    const parentThreadId = getEnvironmentData(PARENT_ENV_KEY)
    if (typeof parentThreadId !== 'number') return
    const channel = new BroadcastChannel(RINGS_CHANNEL)
    channel.postMessage({ ...registration, parentThreadId })
    channel.close()
  }
  catch {}
}

export interface RescuerOptions {
  /** Sends batches then stats to a collector synchronously (the exit path's helper process). */
  postSync: (url: string, statsUrl: string, batches: Uint8Array[], statsBody: string) => boolean
  /** Posts a stats body, not waiting. */
  postStats: (statsUrl: string, statsBody: string) => void
  /** The recording costs to price a rescued thread's records at, beyond a small run. */
  costs: () => CostCalibration
}

export interface Rescuer {
  /** Rescues every worker still known (the creating thread is ending). */
  rescueAll: () => void
  /** Faults so far (rescues that failed). */
  readonly faults: number
  dispose: () => void
}

function isRegistration(data: unknown): data is RingRegistration {
  if (typeof data !== 'object' || data === null) return false
  const r = data as Partial<RingRegistration>
  return typeof r.threadId === 'number' && r.words instanceof Int32Array && r.ctrl instanceof Int32Array
    && r.counters instanceof Float64Array && r.drainStats instanceof Float64Array && typeof r.capacity === 'number'
}

/**
 * Creating side: keeps the rings of this thread's workers and rescues each one whose thread ended
 * without shipping it. Listeners and the channel are unref'd. Never throws.
 */
export function createRescuer(options: RescuerOptions): Rescuer {
  setEnvironmentData(PARENT_ENV_KEY, ownThreadId)
  const rings = new Map<number, RingRegistration>()
  let faults = 0
  let channel: BroadcastChannel | undefined = new BroadcastChannel(RINGS_CHANNEL)
  const accept = (data: unknown): void => {
    if (isRegistration(data) && data.parentThreadId === ownThreadId) rings.set(data.threadId, data)
  }
  channel.onmessage = (event: unknown) => accept((event as { data: unknown }).data)
  channel.unref()
  // Registrations posted but not delivered yet (this thread was busy): taken synchronously.
  const receivePending = (): void => {
    try {
      for (let m; channel && (m = receiveMessageOnPort(channel as never));) accept(m.message)
    }
    catch {}
  }

  const threadIdGetter = (worker: object): number => {
    try {
      const id: unknown = (worker as { threadId?: unknown }).threadId
      return typeof id === 'number' ? id : -1
    }
    catch {
      return -1
    }
  }

  function onWorker(worker: unknown): void {
    try {
      if (typeof worker !== 'object' || worker === null) return
      const id = threadIdGetter(worker)
      if (!(id > 0)) return
      ;(worker as { on: (e: string, l: () => void) => void }).on('exit', () => onExit(id))
    }
    catch {
      faults++
    }
  }

  function onExit(threadId: number): void {
    try {
      receivePending()
      const ring = rings.get(threadId)
      if (!ring) return
      rings.delete(threadId)
      rescue(ring)
    }
    catch {
      faults++
    }
  }

  function rescue(r: RingRegistration): void {
    const { ctrl } = r
    if (Atomics.load(ctrl, ENDED) === 1) return
    // Ours for good. A worker whose drain worker still holds the ring (the creating thread is
    // ending while the worker runs) is given a moment to finish its batch.
    for (let waited = 0; waited < 200; waited += 10) {
      const was = Atomics.compareExchange(ctrl, STATE, 0, RESCUE)
      if (was !== WORKER) break
      Atomics.wait(ctrl, STATE, WORKER, 10)
    }
    Atomics.store(ctrl, STATE, RESCUE)
    Atomics.store(ctrl, ENDED, 1)
    const identity: BatchIdentity = { sessionId: r.sessionId, threadId: r.threadId >>> 0, timeOriginMs: r.timeOriginMs }
    const isHttp = 'url' in r.target
    const view = ringView(r.words, r.capacity, nativeChecksum())
    const batches: Uint8Array[] = []
    let records = 0
    let timed = 0
    const inflightBytes = Atomics.load(ctrl, INFLIGHT)
    if (isHttp && inflightBytes > 0) batches.push(r.inflight.slice(0, inflightBytes))
    for (let batch; (batch = takeFromView(view, isHttp ? MAX_BATCH_RECORDS : 8192, identity));) {
      batches.push(batch.bytes)
      records += batch.count
      timed += countTimed(batch.bytes)
    }
    const sent = { batchesSent: 0, recordsSent: 0, batchesLost: 0, recordsLost: 0 }
    let isOk = true
    if ('file' in r.target) {
      if (batches.length > 0) {
        let fd = -1
        try {
          fd = openSync(r.target.file, 'a')
          for (const bytes of batches) {
            writeAll(fd, bytes)
            sent.batchesSent++
            sent.recordsSent += (bytes.byteLength - 48) / 16
          }
        }
        catch {
          isOk = false
        }
        finally {
          if (fd >= 0) closeSync(fd)
        }
      }
    }
    const body = JSON.stringify(statsBody(r, identity, records, timed, sent, isOk, options.costs))
    if ('file' in r.target) {
      try {
        writeFileSync(r.statsTarget, body)
      }
      catch {
        faults++
      }
    }
    else if (batches.length > 0) {
      if (!options.postSync(r.target.url, r.statsTarget, batches, body)) faults++
    }
    else {
      options.postStats(r.statsTarget, body)
    }
    if (!isOk) faults++
  }

  process.on('worker', onWorker)
  return {
    rescueAll() {
      receivePending()
      for (const ring of rings.values()) {
        try {
          rescue(ring)
        }
        catch {
          faults++
        }
      }
      rings.clear()
    },
    get faults() {
      return faults
    },
    dispose() {
      process.removeListener('worker', onWorker)
      try {
        channel?.close()
      }
      catch {}
      channel = undefined
      rings.clear()
    },
  }
}

/** The terminated thread's account of itself: its counters as of its last timer, plus the rescue. */
function statsBody(
  r: RingRegistration,
  identity: BatchIdentity,
  rescued: number,
  rescuedTimed: number,
  rescueSent: { batchesSent: number, recordsSent: number, batchesLost: number, recordsLost: number },
  isOk: boolean,
  costs: () => CostCalibration,
): { sessionId: string, threadId: number, timeOriginMs: number, stats: NodeRuntimeStats } {
  const c = r.counters
  const w = r.drainStats
  const records = c[COUNTERS.drainedRecords]! + w[STAT.records]! + rescued
  const counters = {
    records,
    timedRecords: c[COUNTERS.timedRecords]! + w[STAT.timedRecords]! + rescuedTimed,
    drops: c[COUNTERS.drops]!,
    countedCalls: c[COUNTERS.countedCalls]!,
    overwritten: 0,
    drainNs: c[COUNTERS.drainNs]!,
    sendNs: c[COUNTERS.sendNs]!,
    previewNs: c[COUNTERS.previewNs]!,
    elapsedNs: Math.max(0, (Date.now() - c[COUNTERS.installedAtMs]!) * 1e6),
  }
  const transport = {
    batchesSent: c[COUNTERS.batchesSent]! + w[STAT.batchesSent]! + rescueSent.batchesSent,
    recordsSent: c[COUNTERS.recordsSent]! + w[STAT.recordsSent]! + rescueSent.recordsSent,
    batchesLost: c[COUNTERS.batchesLost]! + w[STAT.batchesLost]! + rescueSent.batchesLost,
    recordsLost: c[COUNTERS.recordsLost]! + w[STAT.recordsLost]! + rescueSent.recordsLost,
    retries: c[COUNTERS.retries]! + w[STAT.retries]!,
    faults: c[COUNTERS.faults]! + w[STAT.faults]! + (isOk ? 0 : 1),
  }
  const measured = w[STAT.recordNs]! > 0 ? { recordNs: w[STAT.recordNs]!, clockNs: w[STAT.clockNs]!, countedNs: w[STAT.countedNs]! } : undefined
  const isSmall = counters.records + counters.drops + counters.countedCalls < CALIBRATE_FROM
  const stats = estimateCost(transport, counters, isSmall ? NOMINAL_COSTS : measured ?? costs())
  return {
    sessionId: sessionIdToHex(r.sessionId),
    threadId: identity.threadId,
    timeOriginMs: r.timeOriginMs,
    stats: { ...stats, workerDrainNs: Math.round(w[STAT.drainNs]!), workerSendNs: Math.round(w[STAT.sendNs]!) },
  }
}
