import type { BatchIdentity } from '../shared/ring-buffer.ts'
import type { CostCalibration } from '../shared/self-cost.ts'
import type { DrainSetup, DrainTarget } from './drain-control.ts'
import type { NodeRing } from './node-ring.ts'
import { Worker } from 'node:worker_threads'
import { BATCH_HEADER_BYTES, RECORD_BYTES } from '@execscope/core/codec'
import { ATTACHED, DRAIN_WORKER_MARK, INFLIGHT, SAFE_CUT, SHIPPED, STAT, BELL, claimForApp, createDrainControl, releaseClaim, ringBell, tryClaim, APP } from './drain-control.ts'
import { caught } from './own-async.ts'

/** The drain worker's module as built beside the Node entry (dist/); see tsdown.config.ts. */
const DRAIN_WORKER_FILE = './node/drain-worker.js'

export interface WorkerDrainOptions {
  ring: NodeRing
  identity: BatchIdentity
  target: DrainTarget
  /** Largest batch the worker takes, in records. */
  batchRecords: number
  /** Longest the worker sleeps when nothing wakes it. */
  idleMs: number
  /** The drain worker module. @default drain-worker.js beside the built runtime */
  workerUrl?: URL
  /** Whether the app thread counts hot calls, so the worker's calibration measures a counted call. @default false */
  countsHotCalls?: boolean
}

/** What the worker counted, for the runtime's stats. */
export interface WorkerDrainStats {
  drainNs: number
  sendNs: number
  records: number
  timedRecords: number
  batchesSent: number
  recordsSent: number
  batchesLost: number
  recordsLost: number
  retries: number
  faults: number
  /** The recording costs as the worker measured them once it was first idle, if it was. */
  calibration: CostCalibration | undefined
}

/** The app thread's side of a ring's drain worker (protocol: drain-control.ts). */
export interface WorkerDrain {
  /** True while a worker serves the ring: then the app thread's timer only does the producer's chores. */
  readonly isServing: boolean
  /** True while a worker was started and has neither attached nor died: it will serve the ring soon. */
  readonly isStarting: boolean
  /** The handover's shared memory, for a parent thread that may have to rescue the ring (worker-rescue.ts). */
  readonly control: Pick<DrainSetup, 'ctrl' | 'stats' | 'inflight'>
  /** Starts the worker unless it was started before; never throws (a failed start leaves the timer drain). */
  start: () => void
  /** Producer slow path under pressure: starts the worker once the ring is half full, else wakes it. */
  onPressure: (backlog: number) => void
  /** Timer, on the app thread: the producer's chores for the worker (drop report, anchor, publish) and a wake-up. */
  tick: () => void
  /** `flush()`: lets the worker take everything written so far and wakes it; returns the sequence number to wait for. */
  requestShip: () => number
  /** True once the worker shipped everything before `seq`. */
  isShipped: (seq: number) => boolean
  /** Claims the ring for the app thread, waiting for the worker's batch; false if it had to overrule the worker. */
  claim: (timeoutMs: number) => boolean
  /** Claims the ring for the app thread if nobody consumes it. */
  tryClaim: () => boolean
  /** Gives the ring back (the worker may consume again). */
  release: () => void
  /** The batch the worker was posting when the app thread claimed the ring, if any. */
  inflightBatch: () => Uint8Array | undefined
  stats: () => WorkerDrainStats
  /** Stops the worker. */
  dispose: () => void
}

/**
 * The app thread's handle on a drain worker for its ring. The shared memory exists from the
 * start, so the app thread's own consumers (timer, flush, exit) use the handover protocol whether
 * or not a worker ever runs; the worker itself starts on `start()` or at the first pressure.
 */
export function createWorkerDrain(options: WorkerDrainOptions): WorkerDrain {
  const { ring } = options
  const isHttp = 'url' in options.target
  const control = createDrainControl(ring.nextSeq | 0, isHttp ? BATCH_HEADER_BYTES + options.batchRecords * RECORD_BYTES : 0)
  const { ctrl, stats } = control
  let worker: Worker | undefined
  let isStarted = false
  let isAlive = false

  function start(): void {
    if (isStarted) return
    isStarted = true
    try {
      if (!ring.isShared) return
      const setup: DrainSetup = {
        words: ring.words,
        capacity: ring.capacity,
        anchorSpan: ring.anchorSpanRecords,
        ...control,
        identity: options.identity,
        target: options.target,
        batchRecords: options.batchRecords,
        idleMs: options.idleMs,
        countsHotCalls: options.countsHotCalls ?? false,
      }
      const w = new Worker(options.workerUrl ?? new URL(DRAIN_WORKER_FILE, import.meta.url), {
        // Not the app's loaders, --import or --require flags: the worker must not instrument or
        // record itself (install() is inert in it, should a NODE_OPTIONS preload call it).
        execArgv: [],
        workerData: { [DRAIN_WORKER_MARK]: setup },
      })
      // A worker that cannot start or dies leaves the ring to the app thread's timer drain.
      w.on('error', () => {
        isAlive = false
      })
      w.on('exit', () => {
        isAlive = false
      })
      // After the listeners (adding one refs the worker again): it never keeps the process alive.
      w.unref()
      worker = w
      isAlive = true
    }
    catch {
      isAlive = false
    }
  }

  const shared = (slot: number): number => stats[slot]!

  return {
    get isServing() {
      return isAlive && Atomics.load(ctrl, ATTACHED) === 1
    },
    get isStarting() {
      return isAlive && Atomics.load(ctrl, ATTACHED) === 0
    },
    control,
    start,
    onPressure(backlog) {
      if (!isStarted) {
        if (backlog >= ring.capacity >> 1) start()
      }
      else if (isAlive) {
        ringBell(ctrl)
      }
    },
    tick() {
      Atomics.store(ctrl, SAFE_CUT, ring.markCut())
      if (ring.pending > 0) ringBell(ctrl)
    },
    requestShip() {
      const seq = ring.markCut()
      Atomics.store(ctrl, SAFE_CUT, seq)
      Atomics.store(ctrl, BELL, 1)
      Atomics.notify(ctrl, BELL, 1)
      return seq
    },
    isShipped: seq => ((Atomics.load(ctrl, SHIPPED) - seq) | 0) >= 0,
    claim: timeoutMs => claimForApp(ctrl, timeoutMs),
    tryClaim: () => tryClaim(ctrl, APP),
    release: () => releaseClaim(ctrl),
    inflightBatch() {
      const n = Atomics.load(ctrl, INFLIGHT)
      return n > 0 ? control.inflight.slice(0, n) : undefined
    },
    stats: () => ({
      drainNs: shared(STAT.drainNs),
      sendNs: shared(STAT.sendNs),
      records: shared(STAT.records),
      timedRecords: shared(STAT.timedRecords),
      batchesSent: shared(STAT.batchesSent),
      recordsSent: shared(STAT.recordsSent),
      batchesLost: shared(STAT.batchesLost),
      recordsLost: shared(STAT.recordsLost),
      retries: shared(STAT.retries),
      faults: shared(STAT.faults),
      calibration: shared(STAT.recordNs) > 0
        ? { recordNs: shared(STAT.recordNs), clockNs: shared(STAT.clockNs), countedNs: shared(STAT.countedNs) }
        : undefined,
    }),
    dispose() {
      isAlive = false
      if (worker) void caught(worker.terminate(), () => 0)
    },
  }
}
