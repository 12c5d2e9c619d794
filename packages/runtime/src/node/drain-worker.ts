import type { DrainedBatch } from '../shared/ring-buffer.ts'
import type { DrainSetup } from './drain-control.ts'
import { openSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { RECORD_WORDS } from '@execscope/core/codec'
import { countHotCalls } from '../shared/hot-calls.ts'
import { calibrateCost, countTimed } from '../shared/self-cost.ts'
import { createShipper } from '../shared/shipper.ts'
import { ATTACHED, BELL, DRAIN_WORKER_MARK, INFLIGHT, SAFE_CUT, SHIPPED, STAT, WORKER, releaseClaim, tryClaim } from './drain-control.ts'
import { nativeChecksum } from './native-checksum.ts'
import { createSafeTake } from './safe-take.ts'
import { sayCollectorTrouble } from './collector-trouble.ts'
import { httpPost } from './http-post.ts'
import { NodeRing } from './node-ring.ts'
import { writeAll } from './write-all.ts'

const HEADERS = { 'content-type': 'application/octet-stream' }

type WaitAsync = (a: Int32Array, index: number, value: number, timeoutMs: number) => { async: boolean, value: Promise<unknown> | string }
// In V8 since 8.7 (Node 16); typed here because the Node tsconfig's lib is ES2023.
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync

/**
 * The drain worker's loop for one ring (the handover protocol is at the top of drain-control.ts):
 * take safe batches while the app thread does not hold the ring, ship them, sleep on the ring's
 * bell (rung by the producer under pressure and by `flush()`) or for `idleMs`. Returns a round
 * function so tests can drive it; `runDrainWorker` loops it.
 */
export function createDrainRound(setup: DrainSetup): () => boolean {
  const { ctrl, stats, words, capacity } = setup
  const readWord = capacity * RECORD_WORDS + 1
  const now = (): number => performance.now()
  const safeTake = createSafeTake({
    words,
    capacity,
    anchorSpan: setup.anchorSpan,
    ctrl,
    safeCutWord: SAFE_CUT,
    identity: setup.identity,
    checksum: nativeChecksum(),
  })
  const backlog = (): number => (Atomics.load(words, readWord - 1) - Atomics.load(words, readWord)) | 0

  // Takes one batch (the caller holds the ring) and counts it.
  function takeCounted(max: number): DrainedBatch | undefined {
    const t0 = now()
    const batch = safeTake(max)
    if (batch) {
      stats[STAT.records]! += batch.count
      stats[STAT.timedRecords]! += countTimed(batch.bytes)
    }
    else {
      // Everything before READ is out of the ring: shipped by us, or taken by the app thread.
      Atomics.store(ctrl, SHIPPED, Atomics.load(words, readWord))
    }
    stats[STAT.drainNs]! += (now() - t0) * 1e6
    return batch
  }

  if ('file' in setup.target) {
    const fd = openSync(setup.target.file, 'a')
    Atomics.store(ctrl, ATTACHED, 1)
    return () => {
      let taken = 0
      for (;;) {
        if (!tryClaim(ctrl, WORKER)) break
        let batch: DrainedBatch | undefined
        try {
          batch = takeCounted(setup.batchRecords)
          if (batch) {
            // Written while we hold the ring: an app thread taking over waits for this write.
            const t0 = now()
            try {
              writeAll(fd, batch.bytes)
              stats[STAT.batchesSent]!++
              stats[STAT.recordsSent]! += batch.count
            }
            catch {
              stats[STAT.batchesLost]!++
              stats[STAT.recordsLost]! += batch.count
            }
            stats[STAT.sendNs]! += (now() - t0) * 1e6
            Atomics.store(ctrl, SHIPPED, (batch.firstSeq + batch.count) | 0)
          }
        }
        finally {
          releaseClaim(ctrl)
        }
        if (!batch) break
        taken += batch.count
      }
      // Go again at once only while the producer keeps the ring busy; else sleep on the bell, so
      // a moderate recording rate gets large batches and an idle worker costs nothing.
      return taken > 0 && backlog() >= capacity >> 3
    }
  }

  const url = setup.target.url
  const { inflight } = setup
  // End of the batch being posted: it is done (sent or given up) when the shipper asks for the next.
  let postedEnd: number | undefined
  const shipper = createShipper({
    ring: {
      drain: (max) => {
        if (!tryClaim(ctrl, WORKER)) return undefined
        try {
          if (postedEnd !== undefined) {
            Atomics.store(ctrl, INFLIGHT, 0)
            Atomics.store(ctrl, SHIPPED, postedEnd)
            postedEnd = undefined
          }
          const batch = takeCounted(Math.min(max, setup.batchRecords))
          if (batch) {
            // Kept where the app thread can read it: at exit it resends this batch with the rest.
            inflight.set(batch.bytes)
            Atomics.store(ctrl, INFLIGHT, batch.bytes.byteLength)
            postedEnd = (batch.firstSeq + batch.count) | 0
          }
          return batch
        }
        finally {
          copyTransportStats()
          releaseClaim(ctrl)
        }
      },
      nextSeq: 0,
    },
    identity: setup.identity,
    batchRecords: () => setup.batchRecords,
    post: sayCollectorTrouble(url, async (body) => {
      const t0 = now()
      const pending = httpPost(url, body, HEADERS['content-type'])
      stats[STAT.sendNs]! += (now() - t0) * 1e6
      return await pending
    }),
    delay: ms => new Promise(resolve => setTimeout(resolve, ms)),
  })
  function copyTransportStats(): void {
    const s = shipper.stats
    stats[STAT.batchesSent] = s.batchesSent
    stats[STAT.recordsSent] = s.recordsSent
    stats[STAT.batchesLost] = s.batchesLost
    stats[STAT.recordsLost] = s.recordsLost
    stats[STAT.retries] = s.retries
  }
  Atomics.store(ctrl, ATTACHED, 1)
  return () => {
    // One batch in flight at a time, so batches reach the collector in order; the shipper takes
    // the next one itself when a POST is done.
    shipper.kick()
    copyTransportStats()
    return false
  }
}

/**
 * Measures the recording costs for the app thread's stats, here where the optimizing compiler is
 * not busy with the app: calibrated on the app thread at exit, after a heavy run, the loops can
 * stay unoptimized and overstate the cost several times.
 */
function calibrateForApp(setup: DrainSetup): void {
  const c = calibrateCost(performance, o => new NodeRing(o), setup.countsHotCalls ? countHotCalls : undefined)
  setup.stats[STAT.clockNs] = c.clockNs
  setup.stats[STAT.countedNs] = c.countedNs
  // Last: the app thread takes a calibration once recordNs is set.
  setup.stats[STAT.recordNs] = Math.max(c.recordNs, Number.MIN_VALUE)
}

/** Serves one ring until the process ends (the worker is unref'd: it never keeps the process alive). */
export async function runDrainWorker(setup: DrainSetup): Promise<void> {
  const round = createDrainRound(setup)
  const { ctrl, stats } = setup
  let isCalibrated = false
  const safeRound = (): boolean => {
    try {
      return round()
    }
    catch {
      stats[STAT.faults]!++
      return false
    }
  }
  for (;;) {
    if (safeRound()) {
      // Let messages and I/O callbacks run between busy rounds.
      await new Promise(resolve => setImmediate(resolve))
      continue
    }
    // The first time there is nothing to take: calibrate (a few milliseconds, once).
    if (!isCalibrated) {
      isCalibrated = true
      try {
        calibrateForApp(setup)
      }
      catch {
        stats[STAT.faults]!++
      }
      continue
    }
    // Arm the bell, then look once more: a ring that filled after the last look rings it.
    Atomics.store(ctrl, BELL, 0)
    if (safeRound()) continue
    const wait = waitAsync(ctrl, BELL, 0, setup.idleMs)
    if (wait.async) await wait.value
  }
}

const data = workerData as Record<string, unknown> | null | undefined
if (parentPort && data && typeof data === 'object' && data[DRAIN_WORKER_MARK]) {
  // A listener keeps this thread's event loop alive while it sleeps on the bell.
  parentPort.on('message', () => {})
  void runDrainWorker(data[DRAIN_WORKER_MARK] as DrainSetup)
}
