import type { RuntimeApi } from '@execscope/core/codec'
import type { CallFunctions, Recorder, RecorderCore } from '../shared/recorder.ts'
import type { BatchIdentity, DrainedBatch, OverflowMode, RingBufferOptions } from '../shared/ring-buffer.ts'
import type { CostCalibration, CostCounters, RuntimeStats } from '../shared/self-cost.ts'
import type { TransportStats } from '../shared/shipper.ts'
import type { WorkerDrain } from './worker-drain.ts'
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs'
// Namespaces, not named imports: this module is bundled into apps, and the banner an ESM bundle
// often starts with (`import { createRequire } from 'module'; … dirname(fileURLToPath(import.meta.url))`)
// declares those names at top level, where a bundler cannot rename around it (nor keeps an alias).
import * as nodeModule from 'node:module'
import * as nodePath from 'node:path'
import { types } from 'node:util'
import { getEnvironmentData, isMainThread, setEnvironmentData, threadId as nodeThreadId, workerData } from 'node:worker_threads'
import { GLOBAL_RUNTIME_KEY, MAX_BATCH_RECORDS, sessionIdToHex } from '@execscope/core/codec'
import { FlightRecorderRing } from '../shared/flight-recorder-ring.ts'
import { clockResolutionNs } from '../shared/clock-resolution.ts'
import { countHotCalls } from '../shared/hot-calls.ts'
import { countEachCall } from '../shared/count-each-call.ts'
import { createRecorder } from '../shared/recorder.ts'
import { httpPost } from './http-post.ts'
import { createThrownValues } from '../shared/thrown-values.ts'
import { calibrationCache } from './calibration-cache.ts'
import { CALIBRATE_FROM, NOMINAL_COSTS, calibrateCost, countTimed, estimateCost } from '../shared/self-cost.ts'
import { installOnce } from '../shared/install-once.ts'
import { createShipper } from '../shared/shipper.ts'
import { collectorBase, isRetryableStatus, sayCollectorTrouble, sayLastBatchesLost } from './collector-trouble.ts'
import { DRAIN_WORKER_MARK, ENDED } from './drain-control.ts'
import { nativeChecksum } from './native-checksum.ts'
import { NodeRing } from './node-ring.ts'
import { caught, ownDelay, ownTimer, whenSettled } from './own-async.ts'
import { createWorkerDrain } from './worker-drain.ts'
import type { Rescuer } from './worker-rescue.ts'
import { COUNTERS, COUNTER_SLOTS, createRescuer, registerRing } from './worker-rescue.ts'
import { writeAll } from './write-all.ts'

export interface NodeRuntimeConfig {
  /**
   * Absolute base URL of the collector: batches go to `${endpoint}/ingest`, stats to
   * `${endpoint}/stats`. Give either this or `file`.
   * @example 'http://127.0.0.1:5173/__execscope'
   */
  endpoint?: string
  /**
   * Append batches to this file instead (created with its directory; see `readBatchFile` for
   * the format). Give either this or `endpoint`.
   * @example '.execscope/run.batches'
   */
  file?: string
  /** Records the ring holds per thread (16 bytes each), a power of two. */
  ringCapacity: number
  /**
   * How often the runtime ships what was recorded, in milliseconds. A synchronous stretch that
   * fills the ring faster wakes the drain worker, which ships from another thread meanwhile.
   */
  flushIntervalMs: number
  /** Calls of each site that are all timed before the site is sampled. */
  timedCallsPerSite: number
  /** After that, one call in this many is timed (a power of two). */
  sampleEvery: number
  /**
   * What a full ring does. 'flight-recorder' keeps the last N records and ships only on `flush()`
   * and when the process or thread ends. @default 'drop-newest'
   */
  overflow?: OverflowMode
  /** Longest wait for the collector on SIGTERM/SIGINT before the signal is re-raised. @default 2000 */
  signalFlushTimeoutMs?: number
  /**
   * 'count': calls of a function that runs at least 10 000 times a second for under 2 µs a call,
   * and everything they call, are counted between samples instead of recorded one by one (Count
   * records; the trace's `counted_calls`); 'record': every call is recorded. The value recorder
   * (levels `values` and `full`) records every call either way. @default 'count'
   */
  hotCalls?: 'count' | 'record'
  /**
   * Fraction of processes that record: the first install in a process decides at random, and
   * its worker threads follow; a process left out runs on the inert runtime, which records and
   * sends nothing. Above 0, at most 1. @default 1
   */
  sample?: number
}

/** `RuntimeStats`, plus the drain worker's own time (spent on its thread, so not in the estimate). */
export interface NodeRuntimeStats extends RuntimeStats {
  /** Time the drain worker spent taking batches out of this thread's ring (copy, checksum, header), nanoseconds of its thread. */
  workerDrainNs: number
  /** Time the drain worker spent writing them or starting their requests, nanoseconds of its thread. */
  workerSendNs: number
}

/** The runtime `install` puts on `globalThis.__execscope` (per thread). */
export interface NodeInstalledRuntime extends RuntimeApi {
  /** Ships everything recorded so far (then the stats); resolves when done or given up. */
  flush: () => Promise<void>
  /** Counters and the runtime's estimate of its own cost, computed when read. */
  readonly stats: NodeRuntimeStats
  /** The process's session id, 32 hex digits, shared by its worker threads ('' if recording could not start). */
  readonly sessionId: string
  /** 0 on the main thread, `worker_threads.threadId` in a worker. */
  readonly threadId: number
  /** @internal */
  readonly recorder: Recorder | undefined
  /** Stops the timer, removes the process listeners and frees `globalThis.__execscope`; unflushed records stay unsent. @internal */
  dispose: () => void
}

/**
 * Key of the session id in `worker_threads` environment data: the thread that installs the runtime
 * sets it, every Worker it creates afterwards gets a copy, and the worker's runtime adopts it.
 * Child processes do not inherit it, so each process is its own session.
 */
export const SESSION_ENV_KEY: string = 'execscope:session'

/**
 * Key of the process's sampling decision (`sample`) in `worker_threads` environment data, beside
 * the session id: worker threads record exactly when their process does.
 */
export const SAMPLED_ENV_KEY: string = 'execscope:sampled'

const SESSION_RE = /^[0-9a-f]{32}$/
const BATCH_RECORDS = 8192
// To a collector, the protocol's largest batch (1 MiB; the collector's default body limit takes
// it): the drain worker waits for each answer, so the records per round trip bound its rate (yaml's
// suite under Vitest on 2 cores dropped 682 353 records with 8 192-record batches, 377 611 with these).
const HTTP_BATCH_RECORDS = MAX_BATCH_RECORDS
/** Longest the app thread waits for the drain worker to finish a batch before taking the ring over. */
const CLAIM_TIMEOUT_MS = 2000
const HEADERS = { 'content-type': 'application/octet-stream' }
/** Longest wait at `beforeExit` for the collector to take what is left, before the exit path ships it. */
const BEFORE_EXIT_WAIT_MS = 3000

// Run by the exit path with the remaining batches on stdin: `exit` handlers must be synchronous,
// so the parent waits for this child (spawnSync) to POST them in order. It exits with 1 when a
// batch did not get through (a 409 is one the collector has already).
const EXIT_SENDER = `const c=[];process.stdin.on('data',d=>c.push(d)).on('end',async()=>{const b=Buffer.concat(c),[u,su,st]=process.argv.slice(1);let a=0,f=0;while(b.length-a>=48){const n=48+b.readUInt32LE(a+32)*16;if(b.length-a<n)break;try{const r=await fetch(u,{method:'POST',body:b.subarray(a,a+n),headers:{'content-type':'application/octet-stream'}});await r.arrayBuffer();if(!r.ok&&r.status!==409)f=1}catch{f=1}a+=n}if(su)try{await(await fetch(su,{method:'POST',body:st,headers:{'content-type':'application/json'}})).arrayBuffer()}catch{}process.exitCode=f})`

function emptyStats(): NodeRuntimeStats {
  const stats = estimateCost(
    { batchesSent: 0, recordsSent: 0, batchesLost: 0, recordsLost: 0, retries: 0, faults: 1 },
    { records: 0, timedRecords: 0, drops: 0, countedCalls: 0, overwritten: 0, drainNs: 0, sendNs: 0, previewNs: 0, elapsedNs: 0 },
    { recordNs: 0, clockNs: 0, countedNs: 0 },
  )
  return { ...stats, workerDrainNs: 0, workerSendNs: 0 }
}

function inertRuntime(): NodeInstalledRuntime {
  // The app must keep running when recording cannot start: same six functions, recording nothing.
  const pass = <T>(_site: number, _token: number, value: T): T => value
  return {
    e: () => 0,
    r: () => {},
    x: () => {},
    a: () => 0,
    s: pass,
    u: pass,
    k: () => {},
    flush: () => Promise.resolve(),
    stats: emptyStats(),
    sessionId: '',
    threadId: nodeThreadId,
    recorder: undefined,
    dispose: () => {},
  }
}

function sessionBytes(): Uint8Array {
  const inherited = isMainThread ? undefined : getEnvironmentData(SESSION_ENV_KEY)
  if (typeof inherited === 'string' && SESSION_RE.test(inherited)) return Uint8Array.from(inherited.match(/../g)!, h => Number.parseInt(h, 16))
  // Session ids must be unique, not secret: Math.random (V8 seeds each isolate from the system's
  // entropy source) mixed with the pid and the time, rather than node:crypto, whose loading would
  // cost every recorded process a few milliseconds.
  const bytes = new Uint8Array(16)
  const view = new DataView(bytes.buffer)
  for (let i = 0; i < 16; i += 4) view.setUint32(i, (Math.random() * 2 ** 32) >>> 0)
  view.setUint32(0, (view.getUint32(0) ^ process.pid) >>> 0)
  view.setUint32(4, (view.getUint32(4) ^ Number(process.hrtime.bigint() & 0xFFFFFFFFn)) >>> 0)
  return bytes
}

/** Posts `batches` in order, then the stats, from a helper process this thread waits for; false if it failed. */
function postAtExit(url: string, statsUrl: string, batches: Uint8Array[], statsBody: string): boolean {
  const env = { ...process.env }
  // The helper must not load a runtime or loader of its own.
  delete env.NODE_OPTIONS
  // Loaded here, on the way out, rather than at start-up by every process.
  const { spawnSync } = nodeModule.createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process')
  const result = spawnSync(process.execPath, ['-e', EXIT_SENDER, url, statsUrl, statsBody], {
    input: Buffer.concat(batches),
    env,
    timeout: 5000,
    stdio: ['pipe', 'ignore', 'ignore'],
  })
  return result.status === 0
}

/**
 * Installs this thread's recorder and its transport: HTTP POSTs to `config.endpoint`, or appends
 * to `config.file`. Ships on a timer while the event loop turns and, once a synchronous stretch
 * fills half the ring, from a drain worker thread that reads the ring's shared memory meanwhile.
 * Ships on `beforeExit`, on `exit` (synchronously, taking the ring over from the worker) and, on
 * the main thread, on SIGTERM/SIGINT, after which the signal is re-raised so the process ends as
 * it would have (unless the app listens to that signal itself). Idempotent per thread. Never throws.
 */
export function install(config: NodeRuntimeConfig): NodeInstalledRuntime {
  return installOnce(() => (isSampledProcess(config.sample) ? start(config) : undefined), inertRuntime)
}

/**
 * Whether this process records, with probability `sample`: decided once (the first install that
 * samples) and kept in the environment data that its worker threads inherit.
 */
function isSampledProcess(sample: number | undefined): boolean {
  const decided = getEnvironmentData(SAMPLED_ENV_KEY)
  if (typeof decided === 'boolean') return decided
  if (sample === undefined || !(sample < 1)) return true
  const isSampled = Math.random() < sample
  setEnvironmentData(SAMPLED_ENV_KEY, isSampled)
  return isSampled
}

function isDrainWorkerThread(): boolean {
  const data = workerData as Record<string, unknown> | null | undefined
  return !isMainThread && typeof data === 'object' && data !== null && DRAIN_WORKER_MARK in data
}

function start(config: NodeRuntimeConfig): NodeInstalledRuntime {
  // A NODE_OPTIONS preload runs in the drain worker too: it must not record (or start a worker).
  if (isDrainWorkerThread()) throw new Error('[execscope] The drain worker records nothing.')
  const hasEndpoint = typeof config.endpoint === 'string' && config.endpoint !== ''
  const hasFile = typeof config.file === 'string' && config.file !== ''
  if (hasEndpoint === hasFile) throw new TypeError('[execscope] Give the Node runtime either "endpoint" or "file".')
  const base = hasEndpoint ? collectorBase(config.endpoint!) : ''
  const perf = globalThis.performance
  const installedAt = perf.now()
  const isFlight = config.overflow === 'flight-recorder'
  const createRing = isFlight ? (o: RingBufferOptions) => new FlightRecorderRing(o) : (o: RingBufferOptions) => new NodeRing(o)
  const strategy = config.hotCalls === 'record' ? undefined : countHotCalls
  const costCache = calibrationCache(`${isFlight ? 'flight' : 'ring'}-${strategy ? 'counting' : 'recording'}`)
  // The recording strategy's countdowns, for timeNextCalls (the counting one clears its own).
  let countdown: Int32Array | undefined
  const calls = (core: RecorderCore): CallFunctions | undefined => {
    countdown = core.countdown
    return strategy?.(core)
  }
  const recorder = createRecorder({
    ringCapacity: config.ringCapacity,
    timedCallsPerSite: config.timedCallsPerSite,
    sampleEvery: config.sampleEvery,
    overflow: config.overflow,
    checksum: nativeChecksum(),
    createRing,
    calls,
    // 16 384 entries (about 1 MB with the hot-call tables) rather than 4 096: fewer sites share
    // a counter, and a site that shares one is never counted on its own.
    siteTableSize: 16384,
  })
  const { ring } = recorder
  ring.clockResolutionNs = clockResolutionNs(perf)
  // The preview of what a call threw follows its Throw record (Node only: the browser runtime's
  // size budget has no room for previews).
  const thrownValues = createThrownValues(ring, { isProxy: types.isProxy })
  const recordThrow = (site: number, token: number, error: unknown): void => {
    const before = ring.nextSeq
    recorder.x(site, token, error)
    // A throw inside counted calls writes no Throw record (but where it leaves them): no preview
    // then either, which would follow nothing.
    if (ring.nextSeq !== before) thrownValues.record(error)
  }
  const session = sessionBytes()
  const sessionId = sessionIdToHex(session)
  setEnvironmentData(SESSION_ENV_KEY, sessionId)
  const identity: BatchIdentity = { sessionId: session, threadId: nodeThreadId >>> 0, timeOriginMs: perf.timeOrigin }
  const url = `${base}/ingest`

  // A flight recorder overwrites the oldest records itself, so it keeps its consumer on this thread.
  const drain: WorkerDrain | undefined = ring instanceof NodeRing && ring.isShared
    ? createWorkerDrain({
        ring,
        identity,
        target: hasFile ? { file: config.file! } : { url },
        batchRecords: hasFile ? BATCH_RECORDS : HTTP_BATCH_RECORDS,
        idleMs: Math.max(10, config.flushIntervalMs),
        countsHotCalls: strategy !== undefined,
      })
    : undefined
  // Until the drain worker serves the ring (a thread takes tens of milliseconds to start, far more
  // on a busy machine), a synchronous burst can fill the ring before it does: p-map's 100 000
  // promises under ava dropped 200 000 records a thread. So, writing to a file, while no worker
  // serves the ring, this thread writes out a ring three quarters full from the producer's slow
  // path (`spill`): a stall of a few milliseconds rather than records lost. (Over HTTP this thread
  // could only hold what it took until its event loop turns, and would have to keep the ring from
  // the worker meanwhile, or the collector would get later records first.)
  let spill: (() => void) | undefined
  if (drain) {
    const spillAt = ring.capacity - (ring.capacity >> 2)
    ;(ring as NodeRing).onPressure = (backlog) => {
      drain.onPressure(backlog)
      if (spill && backlog >= spillAt && !drain.isServing) spill()
    }
  }
  // A process that records to a collector (a test file under Vitest, SSR under the dev server)
  // gets its drain worker at once: it takes tens of milliseconds to start, and a synchronous burst
  // fills the ring in less (yaml's suite under Vitest on 2 cores dropped 377 611 records with the
  // worker started at half a ring, 41 414 with it started here). Writing to a file, short
  // programs pay for no thread they do not need.
  if (drain && hasEndpoint) drain.start()

  let drainNs = 0
  let sendNs = 0
  let drainedRecords = 0
  let timedRecords = 0
  let calibration: CostCalibration | undefined

  function take(maxRecords: number): DrainedBatch | undefined {
    const t0 = perf.now()
    const batch = recorder.drain(maxRecords, identity)
    drainNs += (perf.now() - t0) * 1e6
    if (batch) {
      drainedRecords += batch.count
      timedRecords += countTimed(batch.bytes)
    }
    return batch
  }

  let transport: TransportStats
  // Ships everything left, synchronously; the caller holds the ring (see `consumeSync`).
  let shipSync: () => void
  /** Keeps the process alive while `beforeExit` waits for the collector (see onBeforeExit). */
  let exitGuard: ReturnType<typeof setTimeout> | undefined
  let flushAsync: () => Promise<void>
  let isBusy: () => boolean
  // What the timer does without a worker: write to the file now, or start sending (it never waits for the send).
  let kick: () => void
  let closeTransport = (): void => {}
  let fd = -1

  /**
   * Runs `fn` as the ring's only consumer: claims the ring from the drain worker (waiting for the
   * batch it is writing or copying) and, unless the process is ending, gives it back after.
   */
  function consumeSync(fn: () => void, isFinal: boolean): void {
    if (drain && !drain.claim(CLAIM_TIMEOUT_MS)) transport.faults++
    try {
      fn()
    }
    finally {
      if (drain && !isFinal) drain.release()
    }
  }

  if (hasFile) {
    mkdirSync(nodePath.dirname(config.file!), { recursive: true })
    fd = openSync(config.file!, 'a')
    const file = fd
    transport = { batchesSent: 0, recordsSent: 0, batchesLost: 0, recordsLost: 0, retries: 0, faults: 0 }
    const stats = transport
    // Writes up to `limit` records, in batches.
    const writeRecords = (limit: number): void => {
      for (let left = limit; left > 0;) {
        const batch = take(Math.min(BATCH_RECORDS, left))
        if (!batch) break
        left -= batch.count
        const t0 = perf.now()
        try {
          writeAll(file, batch.bytes)
          stats.batchesSent++
          stats.recordsSent += batch.count
        }
        catch {
          stats.batchesLost++
          stats.recordsLost += batch.count
        }
        sendNs += (perf.now() - t0) * 1e6
      }
    }
    shipSync = () => writeRecords(Number.POSITIVE_INFINITY)
    spill = () => {
      if (!drain!.tryClaim()) return
      try {
        writeRecords((ring as NodeRing).takeableMidWrite)
      }
      catch {
        stats.faults++
      }
      finally {
        drain!.release()
      }
    }
    flushAsync = () => {
      consumeSync(shipSync, false)
      return Promise.resolve()
    }
    isBusy = () => false
    kick = () => {
      // The worker may have started meanwhile: never wait for it here, just skip this turn.
      if (drain && !drain.tryClaim()) return
      try {
        shipSync()
      }
      finally {
        drain?.release()
      }
    }
    closeTransport = () => closeSync(file)
  }
  else {
    // The batch being posted: a process that is about to end sends it again with the rest (the
    // collector answers a duplicate with 409), since the request dies with the process.
    let inFlight: Uint8Array | undefined
    // While a drain worker starts or serves the ring, this thread posts nothing unless flushing:
    // a POST it started before turning to a long synchronous stretch would reach the collector
    // after the worker's later batches, and past the collector's reorder wait it is refused (the
    // thread's first batch missing as a 'gap', with no drop counted on this side).
    let isFlushing = false
    const shipper = createShipper({
      ring: {
        drain: (max) => {
          if (drain && !isFlushing && (drain.isStarting || drain.isServing)) return undefined
          if (drain && !drain.tryClaim()) return undefined
          try {
            return take(max)
          }
          finally {
            drain?.release()
          }
        },
        get nextSeq() {
          return ring.nextSeq
        },
      },
      identity,
      batchRecords: () => HTTP_BATCH_RECORDS,
      post: sayCollectorTrouble(url, async (body) => {
        inFlight = body
        const t0 = perf.now()
        const pending = httpPost(url, body, HEADERS['content-type'], { unref: true })
        sendNs += (perf.now() - t0) * 1e6
        let status: number
        try {
          status = await pending
        }
        catch (error) {
          // If beforeExit is waiting: the collector cannot be reached, so no use waiting for the
          // retries; the exit path tries once more (and says so if it fails).
          clearTimeout(exitGuard)
          throw error
        }
        // Kept while the shipper will try it again (a network error throws past this): should the
        // process end meanwhile, the exit path sends it once more.
        if (!isRetryableStatus(status)) inFlight = undefined
        return status
      }),
      delay: ms => ownDelay(ms, true),
    })
    transport = shipper.stats
    isBusy = () => shipper.isBusy
    kick = shipper.kick
    flushAsync = async () => {
      if (drain?.isServing) {
        // The worker ships; wait until it has everything written before this call (or is gone),
        // the calls counted so far included (the worker takes records, not counts; from inside a
        // counted call, flushCounts writes them and leaves the counting as it is).
        recorder.calls.flushCounts?.()
        let seq = drain.requestShip()
        while (drain.isServing) {
          if (!drain.isShipped(seq)) {
            // Unref'd: only beforeExit's guard (3 s) keeps the process alive for this wait. With a
            // collector that never answers, the worker never ships, and a ref'd poll kept the
            // process alive until the request's idle timeout (30 s).
            await ownDelay(2, true)
            continue
          }
          // A drop that happened while the ring was full is reported once the worker made room.
          if (!(ring as NodeRing).hasUnreportedDrops) break
          seq = drain.requestShip()
        }
      }
      if (!drain?.isServing) {
        isFlushing = true
        try {
          await shipper.flush()
        }
        finally {
          isFlushing = false
        }
      }
      await postStats()
    }
    shipSync = () => {
      const batches: Uint8Array[] = []
      if (inFlight) batches.push(inFlight)
      const posting = drain?.inflightBatch()
      if (posting) batches.push(posting)
      for (let batch; (batch = take(MAX_BATCH_RECORDS));) batches.push(batch.bytes)
      if (batches.length === 0) return
      const t0 = perf.now()
      const isSent = postAtExit(url, `${base}/stats`, batches, JSON.stringify(statsBody()))
      sendNs += (perf.now() - t0) * 1e6
      if (!isSent) {
        transport.faults++
        sayLastBatchesLost(url)
      }
    }
  }

  const overwritten = (): number => (ring instanceof FlightRecorderRing ? ring.overwrittenTotal : 0)
  const shippedRecords = (): number => drainedRecords + (drain ? drain.stats().records : 0)
  function currentStats(): NodeRuntimeStats {
    const w = drain?.stats()
    const sent: TransportStats = w
      ? {
          batchesSent: transport.batchesSent + w.batchesSent,
          recordsSent: transport.recordsSent + w.recordsSent,
          batchesLost: transport.batchesLost + w.batchesLost,
          recordsLost: transport.recordsLost + w.recordsLost,
          retries: transport.retries + w.retries,
          faults: transport.faults + w.faults,
        }
      : transport
    // drainNs and sendNs are this thread's: the estimate is what recording costs the app's thread.
    const counters: CostCounters = {
      records: drainedRecords + (w?.records ?? 0) + ring.pending + overwritten(),
      timedRecords: timedRecords + (w?.timedRecords ?? 0),
      drops: ring.droppedTotal,
      countedCalls: recorder.calls.countedCalls ?? 0,
      overwritten: overwritten(),
      drainNs,
      sendNs,
      previewNs: recorder.previewNs ?? 0,
      elapsedNs: (perf.now() - installedAt) * 1e6,
    }
    // A small run is priced at the nominal costs: the milliseconds a calibration takes would be
    // more than all its records cost. Otherwise the worker's figures when it has them (measured
    // off this thread, see drain-worker.ts), else a recent process's (calibration-cache.ts), else
    // this thread's, measured once.
    const isSmall = counters.records + counters.drops + counters.countedCalls < CALIBRATE_FROM
    const costs = isSmall ? NOMINAL_COSTS : (calibration ??= w?.calibration ? costCache.write(w.calibration) : costCache.read() ?? costCache.write(calibrateCost(perf, createRing, strategy)))
    const stats = estimateCost(sent, counters, costs)
    return { ...stats, workerDrainNs: Math.round(w?.drainNs ?? 0), workerSendNs: Math.round(w?.sendNs ?? 0) }
  }

  function statsBody(): { sessionId: string, threadId: number, timeOriginMs: number, stats: NodeRuntimeStats } {
    return { sessionId, threadId: identity.threadId, timeOriginMs: identity.timeOriginMs, stats: currentStats() }
  }

  let statsPostedAt = -1
  async function postStats(): Promise<void> {
    try {
      statsPostedAt = shippedRecords()
      // A collector without the route answers 404: harmless, the stats stay on globalThis.__execscope.
      await httpPost(`${base}/stats`, JSON.stringify(statsBody()), 'application/json', { unref: true })
    }
    catch {}
  }

  function tick(): void {
    try {
      // Counted hot calls go out with every flush (and their sites are recorded again until
      // their next sample says they are still hot). The next call of every site is timed: the
      // timer runs when the thread is idle, and the turn that ends it (an I/O callback, which no
      // probe times) would otherwise take the time of the last timed record, from before the idle
      // time, and its first calls would seem to last through it.
      if (recorder.calls.timeNextCalls) recorder.calls.timeNextCalls()
      else countdown?.fill(0)
      writeCounters()
      if (isFlight) return
      // With a worker serving the ring, this thread only does the producer's share.
      if (drain?.isServing) return drain.tick()
      if (!hasFile && drain?.isStarting) return
      if (isBusy() || ring.pending === 0) return
      kick()
    }
    catch {
      transport.faults++
    }
  }

  // A worker thread keeps its counters in shared memory too, and posts its ring to the thread that
  // created it: should it be terminated (no exit event in it), that thread ships what its ring
  // still holds, and its stats (worker-rescue.ts).
  const counters = drain && !isMainThread ? new Float64Array(new SharedArrayBuffer(COUNTER_SLOTS * 8)) : undefined
  function writeCounters(): void {
    if (!counters) return
    counters[COUNTERS.drainedRecords] = drainedRecords
    counters[COUNTERS.timedRecords] = timedRecords
    counters[COUNTERS.drops] = ring.droppedTotal
    counters[COUNTERS.countedCalls] = recorder.calls.countedCalls ?? 0
    counters[COUNTERS.drainNs] = drainNs
    counters[COUNTERS.sendNs] = sendNs
    counters[COUNTERS.previewNs] = recorder.previewNs ?? 0
    counters[COUNTERS.batchesSent] = transport.batchesSent
    counters[COUNTERS.recordsSent] = transport.recordsSent
    counters[COUNTERS.batchesLost] = transport.batchesLost
    counters[COUNTERS.recordsLost] = transport.recordsLost
    counters[COUNTERS.retries] = transport.retries
    counters[COUNTERS.faults] = transport.faults
  }
  if (counters && drain) {
    counters[COUNTERS.installedAtMs] = perf.timeOrigin + installedAt
    writeCounters()
    const { ctrl, stats: drainStats, inflight } = drain.control
    registerRing({
      threadId: identity.threadId,
      words: ring.words,
      capacity: ring.capacity,
      ctrl,
      drainStats,
      inflight,
      counters,
      sessionId: session,
      timeOriginMs: identity.timeOriginMs,
      target: hasFile ? { file: config.file! } : { url },
      statsTarget: hasFile ? `${config.file}.${identity.threadId}.stats.json` : `${base}/stats`,
    })
  }
  let rescuer: Rescuer | undefined
  try {
    rescuer = createRescuer({
      postSync: postAtExit,
      postStats: (statsUrl, body) => void caught(httpPost(statsUrl, body, 'application/json', { unref: true }), () => 0),
      costs: () => costCache.read() ?? NOMINAL_COSTS,
    })
  }
  catch {
    transport.faults++
  }

  const timer = setInterval(tick, Math.max(10, config.flushIntervalMs))
  // The poll timer must not keep the process alive.
  timer.unref()

  function flush(): Promise<void> {
    try {
      return caught(flushAsync(), () => {
        transport.faults++
      })
    }
    catch {
      transport.faults++
      return Promise.resolve()
    }
  }

  function onBeforeExit(): void {
    // beforeExit fires again once the flush settles; stop when there is nothing new to say.
    if (ring.pending === 0 && statsPostedAt === shippedRecords()) return
    if (!hasFile) {
      // Requests do not hold the process (a hung collector would keep it from ever ending): a
      // timer does, for at most BEFORE_EXIT_WAIT_MS. Past it the loop runs dry and the exit path
      // ships what is left (the batch in flight again) from a helper process it waits for.
      if (isExitFlushing) return
      isExitFlushing = true
      exitGuard = ownTimer(BEFORE_EXIT_WAIT_MS)
      whenSettled(flush(), () => {
        clearTimeout(exitGuard)
        isExitFlushing = false
      })
      return
    }
    // The app may schedule more work after beforeExit, so the worker gets the ring back.
    shipEnd(false)
    statsPostedAt = shippedRecords()
  }

  // Ships everything left, synchronously; `isFinal` keeps the ring from the worker for good.
  function shipEnd(isFinal: boolean): void {
    try {
      consumeSync(shipSync, isFinal)
    }
    catch {
      transport.faults++
    }
    if (isFinal && hasFile) writeStatsFile()
    if (isFinal) {
      // This thread's exit path shipped its ring: a rescuer has nothing left to do for it. Then
      // the workers this thread created, which end with it, get theirs shipped.
      if (drain) Atomics.store(drain.control.ctrl, ENDED, 1)
      try {
        rescuer?.rescueAll()
      }
      catch {
        transport.faults++
      }
    }
  }

  // With the file transport, the thread's account of itself goes beside the batch file when it
  // ends (`<file>.<threadId>.stats.json`), where `execscope ingest` finds it: the summary's
  // "recording cost" then covers builds and register runs too.
  function writeStatsFile(): void {
    try {
      writeFileSync(`${config.file}.${identity.threadId}.stats.json`, JSON.stringify(statsBody()))
    }
    catch {
      transport.faults++
    }
  }
  const onExit = (): void => shipEnd(true)

  const signals: NodeJS.Signals[] = isMainThread ? ['SIGTERM', 'SIGINT'] : []
  let isSignalled = false
  function onSignal(signal: NodeJS.Signals): void {
    // Without our listener Node would have ended the process; if the app listens too, it decides.
    const shouldReraise = process.listenerCount(signal) === 1
    const reraise = (): void => {
      if (!shouldReraise) return
      dispose()
      process.kill(process.pid, signal)
    }
    if (isSignalled) return reraise()
    isSignalled = true
    if (hasFile) {
      shipEnd(shouldReraise)
      return reraise()
    }
    // Whichever comes first; not Promise.race, which calls each promise's (probed) then. The
    // limit's timer goes with the flush: an app that handles the signal itself and lets its loop
    // run dry ends when the collector has everything, not when the limit is up.
    let isDone = false
    const done = (): void => {
      if (isDone) return
      isDone = true
      clearTimeout(limit)
      reraise()
    }
    const limit = ownTimer(config.signalFlushTimeoutMs ?? 2000, done)
    whenSettled(flush(), done)
  }

  let isExitFlushing = false
  process.on('beforeExit', onBeforeExit)
  process.on('exit', onExit)
  for (const signal of signals) process.on(signal, onSignal)

  // A signal the app sends itself right before its event loop runs dry is dropped by Node when
  // any listener exists (the listener would run on a loop turn that never comes), so our own
  // listener would turn "killed by SIGINT" into exit code 0. For such a self-signal, when ours is
  // the only listener, ship now, step aside, and let the signal do what it would have done.
  const originalKill = process.kill
  const killSelfAware = function kill(this: NodeJS.Process, pid: number, signal?: string | number): true {
    try {
      const name = signal === undefined ? 'SIGTERM' : signal === 2 ? 'SIGINT' : signal === 15 ? 'SIGTERM' : signal
      if (pid === process.pid && (name === 'SIGINT' || name === 'SIGTERM') && signals.includes(name) && process.listenerCount(name) === 1 && process.listeners(name)[0] === onSignal) {
        shipEnd(true)
        dispose()
      }
    }
    catch {
      transport.faults++
    }
    return originalKill.call(this, pid, signal as NodeJS.Signals)
  }
  if (isMainThread) process.kill = killSelfAware as typeof process.kill

  function dispose(): void {
    clearInterval(timer)
    drain?.dispose()
    rescuer?.dispose()
    process.removeListener('beforeExit', onBeforeExit)
    process.removeListener('exit', onExit)
    for (const signal of signals) process.removeListener(signal, onSignal)
    if (process.kill === killSelfAware) process.kill = originalKill
    try {
      closeTransport()
    }
    catch {}
    const g = globalThis as unknown as Record<string, unknown>
    if (g[GLOBAL_RUNTIME_KEY] === runtime) delete g[GLOBAL_RUNTIME_KEY]
  }

  const runtime: NodeInstalledRuntime = {
    e: recorder.e,
    r: recorder.r,
    x: recordThrow,
    a: recorder.a,
    s: recorder.s,
    u: recorder.u,
    k: recorder.calls.k ?? countEachCall(recorder.ring),
    flush,
    get stats() {
      return currentStats()
    },
    sessionId,
    threadId: identity.threadId,
    recorder,
    dispose,
  }
  return runtime
}
