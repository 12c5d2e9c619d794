/*
 * Handover protocol between a ring's two possible consumers: the drain worker (drain-worker.ts)
 * and the app thread that owns the ring (its timer drain before the worker serves it, `flush()`,
 * `beforeExit`, `exit` and termination signals).
 *
 * One Int32Array over a SharedArrayBuffer per ring (`ctrl`); every word is read and written with
 * Atomics:
 *
 *   STATE      who may consume the ring now. FREE: nobody is consuming; either side may claim it
 *              with compareExchange. WORKER: the worker is taking a batch and (file) writing it or
 *              (HTTP) copying it into `inflight`; it stores FREE and notifies when done, so this
 *              lasts one batch. APP: the app thread consumes; the worker keeps off until FREE.
 *              So exactly one side runs `take` at any moment, and a batch the worker has taken is
 *              either written to the file before STATE leaves WORKER, or is in `inflight`.
 *   SAFE_CUT   sequence number at which the producer last made its next timed record write a
 *              fresh Clock anchor (the chore a same-thread drain does); a batch may end there
 *              (safe-take.ts). Written by the app thread only.
 *   SHIPPED    sequence number before which every record is out of the ring and was shipped (or
 *              given up) by the worker, or taken by the app thread. Written by the worker only;
 *              `flush()` waits on it.
 *   INFLIGHT   byte length of the batch the worker is posting (0 when none); its bytes are in
 *              `inflight`. Written by the worker while it holds WORKER; read by the app thread
 *              while it holds APP, which resends the batch at exit (a duplicate is answered 409).
 *   ATTACHED   1 once the worker serves the ring; until then the app thread's timer drains it.
 *   BELL       0 while the worker sleeps on it; the producer (under pressure) and `flush()` set
 *              it to 1 and notify. The worker stores 0 before it looks at the rings a last time,
 *              so a ring that fills after that look rings the bell and is not missed.
 *   ENDED      1 once the owning thread's exit path shipped everything and wrote its stats: a
 *              parent that rescues the ring of a terminated worker (worker-rescue.ts) skips it.
 *
 * A third consumer: when a worker thread is terminated (`worker.terminate()`, no `exit` event in
 * it), the thread that created it takes the ring over for good (STATE RESCUE), its producer and
 * drain worker being gone by then, and ships what was published (worker-rescue.ts).
 */

/** `workerData` key that marks the drain worker's thread (install() records nothing there). */
export const DRAIN_WORKER_MARK: string = 'execscope:drain-worker'

export const STATE = 0
export const SAFE_CUT = 1
export const SHIPPED = 2
export const INFLIGHT = 3
export const ATTACHED = 4
export const BELL = 5
export const ENDED = 6
const CTRL_WORDS = 7

export const FREE = 0
export const WORKER = 1
export const APP = 2
/** The parent of a terminated worker thread, which took its ring over for good. */
export const RESCUE = 3

/** Slots of the worker's counters (a Float64Array, written by the worker, read by the app thread). */
export const STAT = {
  drainNs: 0,
  sendNs: 1,
  records: 2,
  timedRecords: 3,
  batchesSent: 4,
  recordsSent: 5,
  batchesLost: 6,
  recordsLost: 7,
  retries: 8,
  faults: 9,
  /** The worker's calibration of the recording costs (calibrateCost), once it was idle; 0 until then. */
  recordNs: 10,
  clockNs: 11,
  countedNs: 12,
} as const
const STAT_SLOTS = 13

/** Where the worker ships a ring's batches. */
export type DrainTarget = { file: string } | { url: string }

/** Everything the drain worker gets (as `workerData`) to serve one ring. */
export interface DrainSetup {
  /** The ring's memory: slots then its WRITE and READ words. */
  words: Int32Array
  capacity: number
  anchorSpan: number
  ctrl: Int32Array
  stats: Float64Array
  /** Room for one batch of `batchRecords` records (HTTP only; empty for a file). */
  inflight: Uint8Array
  identity: { sessionId: Uint8Array, threadId: number, timeOriginMs: number }
  target: DrainTarget
  batchRecords: number
  /** Longest sleep between two looks at the ring when nothing wakes the worker. */
  idleMs: number
  /** Whether the app thread counts hot calls (countHotCalls), for the worker's calibration. */
  countsHotCalls: boolean
}

/** The shared memory of a ring's handover, made by the app thread before any worker exists. */
export function createDrainControl(startSeq: number, inflightBytes: number): Pick<DrainSetup, 'ctrl' | 'stats' | 'inflight'> {
  const ctrl = new Int32Array(new SharedArrayBuffer(CTRL_WORDS * 4))
  ctrl[SAFE_CUT] = startSeq
  ctrl[SHIPPED] = startSeq
  return {
    ctrl,
    stats: new Float64Array(new SharedArrayBuffer(STAT_SLOTS * 8)),
    inflight: new Uint8Array(new SharedArrayBuffer(inflightBytes)),
  }
}

/** Claims the ring for `who` if nobody consumes it; never waits. */
export function tryClaim(ctrl: Int32Array, who: typeof WORKER | typeof APP): boolean {
  const was = Atomics.compareExchange(ctrl, STATE, FREE, who)
  return was === FREE || was === who
}

/**
 * App thread: claims the ring, waiting (Atomics.wait, allowed on Node's main thread) while the
 * worker finishes its batch. After `timeoutMs` a worker that is presumably gone is overruled;
 * returns false then, so the caller can count a fault (its batch may be lost, never duplicated).
 */
export function claimForApp(ctrl: Int32Array, timeoutMs: number): boolean {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    if (tryClaim(ctrl, APP)) return true
    const left = deadline - performance.now()
    if (left <= 0) {
      Atomics.store(ctrl, STATE, APP)
      return false
    }
    Atomics.wait(ctrl, STATE, WORKER, left)
  }
}

/** Gives the ring back (to nobody); the side that held it stops consuming. */
export function releaseClaim(ctrl: Int32Array): void {
  Atomics.store(ctrl, STATE, FREE)
  Atomics.notify(ctrl, STATE)
}

/** Wakes the worker if it sleeps; cheap when it is already awake (one load). */
export function ringBell(ctrl: Int32Array): void {
  if (Atomics.load(ctrl, BELL) === 0 && Atomics.compareExchange(ctrl, BELL, 0, 1) === 0) Atomics.notify(ctrl, BELL, 1)
}
