import type { ChildProcess } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import type { DecodedBatch } from '@execscope/core/codec'
import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { GLOBAL_RUNTIME_KEY, RecordFlag, RecordKind, ValueRole, decodeBatch } from '@execscope/core/codec'
import type { PluginBuild } from 'esbuild'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readBatchFile } from './batch-file.ts'
import { install } from './install.ts'

const srcDir = fileURLToPath(new URL('..', import.meta.url))
let dir = ''

// The child processes run the Node entry built from these sources (codec included) into one file.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'execscope-node-'))
  const coreFromSource = {
    name: 'core-from-source',
    setup(b: PluginBuild) {
      b.onResolve({ filter: /^@execscope\/core\/codec$/ }, () => ({ path: fileURLToPath(new URL('../../../core/src/codec.ts', import.meta.url)) }))
    },
  }
  // The drain worker's module sits where the runtime looks for it, as in dist/.
  await Promise.all([
    build({ entryPoints: [join(srcDir, 'node.ts')], bundle: true, platform: 'node', format: 'esm', outfile: join(dir, 'runtime.mjs'), logLevel: 'silent', plugins: [coreFromSource] }),
    build({ entryPoints: [join(srcDir, 'node', 'drain-worker.ts')], bundle: true, platform: 'node', format: 'esm', outfile: join(dir, 'node', 'drain-worker.js'), logLevel: 'silent', plugins: [coreFromSource] }),
    build({ entryPoints: [join(srcDir, 'probes-node.ts')], bundle: true, platform: 'node', format: 'esm', outfile: join(dir, 'probes.mjs'), logLevel: 'silent', plugins: [coreFromSource] }),
  ])
  writeFileSync(join(dir, 'node', 'package.json'), '{ "type": "module" }')
  // One app for every test: records `CALLS` calls of sites 1..n, then does what `MODE` says.
  writeFileSync(join(dir, 'app.mjs'), `
import { install } from './runtime.mjs'
import { Worker, isMainThread, parentPort, threadId } from 'node:worker_threads'
const config = JSON.parse(process.env.CONFIG)
const rt = install(config)
let calls = Number(process.env.CALLS)
for (let i = 1; i <= calls; i++) rt.r(i, rt.e(i))
if (process.env.WAIT_WORKER) {
  // Go on recording synchronously until the drain worker has shipped something (or 20 s passed).
  const t0 = Date.now()
  while (rt.stats.workerDrainNs === 0 && Date.now() - t0 < 20000) {
    for (let k = 0; k < 200000; k++) { calls++; rt.r(calls, rt.e(calls)) }
  }
  process.stdout.write('calls ' + calls + '\\n')
  process.on('exit', () => process.stdout.write('stats ' + JSON.stringify(rt.stats) + '\\n'))
}
const mode = process.env.MODE
if (!isMainThread && mode === 'terminate') {
  // Worker: 100 calls a millisecond until 5 000 more, then tells its parent and idles until terminated.
  const timer = setInterval(() => {
    for (let j = 0; j < 100; j++) { calls++; rt.r(calls, rt.e(calls)) }
    if (calls === Number(process.env.CALLS) + 5000) { clearInterval(timer); setInterval(() => {}, 1000); parentPort.postMessage(calls) }
  }, 1)
} else if (!isMainThread) {
  // Worker: recorded above; ends when its event loop is empty.
} else if (mode === 'terminate') {
  const w = new Worker(new URL(import.meta.url))
  w.once('message', (n) => { process.stdout.write(JSON.stringify({ session: rt.sessionId, calls: n, threadId: w.threadId }) + '\\n'); void w.terminate() })
} else if (mode === 'exit-code') {
  process.exitCode = 3
} else if (mode === 'process-exit') {
  process.exit(4)
} else if (mode === 'wait') {
  setInterval(() => {}, 1000)
  process.stdout.write('ready\\n')
} else if (mode === 'probed-wait') {
  // The probes come after the app's own timer, as they come after the runtime: what they record
  // from here on is the runtime's doing.
  setInterval(() => {}, 1000)
  const { installProbes } = await import('./probes.mjs')
  installProbes(rt.recorder.ring)
  process.stdout.write('ready\\n')
} else if (mode === 'self-sigint') {
  // The app's last act: Node drops a self-sent signal when a listener exists and the loop is dry.
  process.kill(process.pid, 'SIGINT')
} else if (mode === 'hot-throws') {
  // inner throws (cheaply: no Error's stack) on every call and outer catches: both hot and short, so they are soon counted,
  // and the throws stay inside the counted calls.
  const inner = () => { const t = rt.e(900001); try { throw 0 } catch (e) { rt.x(900001, t, e); rt.r(900001, t); throw e } }
  const outer = () => { const t = rt.e(900002); try { inner() } catch {} rt.r(900002, t) }
  for (let i = 0; i < 20000; i++) outer()
  // A new second of the thrown-value previews' rate cap, the calls still counted.
  setTimeout(() => { for (let i = 0; i < 2000; i++) outer() }, 1100)
} else if (mode === 'app-sigint') {
  process.on('SIGINT', () => { process.stdout.write('app handler\\n'); setTimeout(() => process.exit(7), 20) })
  setInterval(() => {}, 1000)
  process.stdout.write('ready\\n')
} else if (mode === 'app-sigint-close') {
  // A server's way: on SIGINT it stops what keeps it alive and lets the loop run dry.
  const keepAlive = setInterval(() => {}, 1000)
  process.on('SIGINT', () => { process.stdout.write('app handler\\n'); clearInterval(keepAlive) })
  process.stdout.write('ready\\n')
} else if (mode === 'workers') {
  const done = [0, 1].map(() => new Promise(resolve => new Worker(new URL(import.meta.url)).on('exit', resolve)))
  await Promise.all(done)
  process.stdout.write(JSON.stringify({ session: rt.sessionId, threadId }) + '\\n')
}
`)
})

afterAll(() => {
  if (dir && !process.env.EXECSCOPE_KEEP_TMP) rmSync(dir, { recursive: true, force: true })
})

interface Collector {
  endpoint: string
  batches: DecodedBatch[]
  stats: Array<Record<string, any>>
  close: () => Promise<void>
}

/** A real HTTP collector on 127.0.0.1: decodes `/ingest` batches, parses `/stats` (or answers 404). */
async function startCollector(options: { hasStatsRoute?: boolean, isDeduplicating?: boolean } = {}): Promise<Collector> {
  const c: Collector = { endpoint: '', batches: [], stats: [], close: async () => {} }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (d: Buffer) => chunks.push(d))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      if (req.url === '/__execscope/ingest') {
        const batch = decodeBatch(new Uint8Array(body))
        // As the real collector: a batch it already has is answered 409 and not stored again.
        if (options.isDeduplicating && c.batches.some(b => b.threadId === batch.threadId && b.firstSeq === batch.firstSeq)) {
          res.writeHead(409).end()
          return
        }
        c.batches.push(batch)
        res.writeHead(204).end()
      }
      else if (req.url === '/__execscope/stats' && options.hasStatsRoute !== false) {
        c.stats.push(JSON.parse(body.toString('utf8')))
        res.writeHead(204).end()
      }
      else {
        res.writeHead(404).end()
      }
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  c.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/__execscope`
  c.close = () => new Promise(resolve => server.close(() => resolve()))
  return c
}

interface Run { code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }

/**
 * Runs the app in a child process; `during` gets the child once it printed 'ready' (modes that
 * wait). `app` is the script, by default the one beside the runtime and its drain worker.
 */
function runApp(env: Record<string, string>, during?: (child: ChildProcess) => void, app = join(dir, 'app.mjs')): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [app], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString()
      process.stderr.write(d)
    })
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString()
      if (during && stdout.includes('ready\n')) {
        const act = during
        during = undefined
        act(child)
      }
    })
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

const baseConfig = { ringCapacity: 1 << 16, flushIntervalMs: 60_000, timedCallsPerSite: 2, sampleEvery: 8 }

/** Sites of the data records of one thread's batches, in sequence order; checks there are no gaps. */
function sitesOf(batches: DecodedBatch[]): number[] {
  const sorted = [...batches].sort((a, b) => a.firstSeq - b.firstSeq)
  const sites: number[] = []
  let seq = 0
  for (const b of sorted) {
    expect(b.firstSeq).toBe(seq)
    seq += b.recordCount
    for (let i = 0; i < b.records.length; i += 4) {
      const kind = b.records[i]! & 0xFF
      if (kind !== RecordKind.Clock) sites.push(b.records[i + 1]!)
    }
  }
  return sites
}

/**
 * One thread's batches of the app's calls with drops possible: contiguous sequence numbers from 0
 * (nothing lost unreported, nothing twice), data records in call order (a subsequence of
 * e(1) r(1) e(2) r(2) …), Drop records summed.
 */
function checkStream(batches: DecodedBatch[], calls: number): { records: number, data: number, dropped: number } {
  const sorted = [...batches].sort((a, b) => a.firstSeq - b.firstSeq)
  const problems: string[] = []
  let seq = 0
  let data = 0
  let dropped = 0
  // Next expected position in e(1) r(1) e(2) r(2) …: call k's entry is 2k - 2, its return 2k - 1.
  let at = 0
  for (const b of sorted) {
    if (b.firstSeq !== seq) problems.push(`batch at ${b.firstSeq}, expected ${seq}`)
    seq = b.firstSeq + b.recordCount
    for (let i = 0; i < b.records.length; i += 4) {
      const kind = b.records[i]! & 0xFF
      if (kind === RecordKind.Clock) continue
      if (kind === RecordKind.Drop) {
        dropped += b.records[i + 2]!
        continue
      }
      const pos = 2 * b.records[i + 1]! - (kind === RecordKind.Enter ? 2 : 1)
      if (pos < at && problems.length < 5) problems.push(`record for call ${b.records[i + 1]} (kind ${kind}) out of order`)
      at = pos + 1
      data++
    }
  }
  expect(problems).toEqual([])
  expect(at).toBeLessThanOrEqual(2 * calls)
  return { records: seq, data, dropped }
}

const pairs = (n: number): number[] => Array.from({ length: n }, (_, i) => [i + 1, i + 1]).flat()

describe('install (Node)', () => {
  it('says once, and soon, that nothing listens where the records go, and keeps the exit code', async () => {
    const closed = createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const endpoint = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/__execscope`
    await new Promise(resolve => closed.close(resolve))
    const started = performance.now()
    const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, endpoint }), CALLS: '100', MODE: 'exit-code' })
    expect(run).toMatchObject({ code: 3, signal: null })
    expect(run.stderr.match(/\[execscope\] Cannot reach the collector at http:\/\/127\.0\.0\.1:\d+ \(.*\)\. Is `execscope serve` running there\?/g)).toHaveLength(1)
    // The retries are not waited for: the collector cannot be reached.
    expect(performance.now() - started).toBeLessThan(8000)
  }, 30_000)

  it('says once that an endpoint which is not an http(s) URL takes no records, and keeps the exit code', async () => {
    for (const endpoint of ['127.0.0.1:4318/__execscope', 'localhost']) {
      const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, endpoint }), CALLS: '100', MODE: 'exit-code' })
      expect(run).toMatchObject({ code: 3, signal: null })
      expect(run.stderr.match(/\[execscope\] The collector endpoint ".*" is not an http\(s\) URL: give the collector's base URL, e\.g\. http:\/\/127\.0\.0\.1:4318\/__execscope/g)).toHaveLength(1)
    }
  })

  it('lets the app end when the collector accepts its requests and never answers', async () => {
    const sockets = new Set<import('node:net').Socket>()
    const hung = createServer(() => {})
    hung.on('connection', socket => sockets.add(socket))
    await new Promise<void>(resolve => hung.listen(0, '127.0.0.1', resolve))
    try {
      const endpoint = `http://127.0.0.1:${(hung.address() as AddressInfo).port}/__execscope`
      const started = performance.now()
      const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, flushIntervalMs: 50, endpoint }), CALLS: '12000', MODE: 'exit-code' })
      expect(run).toMatchObject({ code: 3, signal: null })
      // At most the wait at beforeExit (3 s) and the exit path's helper (5 s), not forever.
      expect(performance.now() - started).toBeLessThan(15_000)
    }
    finally {
      for (const socket of sockets) socket.destroy()
      await new Promise(resolve => hung.close(resolve))
    }
  }, 30_000)

  it('ships every record over HTTP when the process ends normally, posts its stats, keeps the exit code', async () => {
    // The drain worker runs from the start (a collector is the target): at exit the app thread
    // sends the batch it may have had in flight again, which a collector answers 409.
    const c = await startCollector({ isDeduplicating: true })
    try {
      const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, endpoint: c.endpoint }), CALLS: '12000', MODE: 'exit-code' })
      expect(run).toMatchObject({ code: 3, signal: null })
      // 24 000 records: one batch to a collector (up to MAX_BATCH_RECORDS each).
      expect(c.batches.length).toBeGreaterThanOrEqual(1)
      expect(new Set(c.batches.map(b => b.sessionId)).size).toBe(1)
      expect(sitesOf(c.batches)).toEqual(pairs(12000))
      expect(c.stats).toHaveLength(1)
      const { stats, sessionId, threadId } = c.stats[0]!
      expect({ sessionId, threadId }).toEqual({ sessionId: c.batches[0]!.sessionId, threadId: 0 })
      const records = c.batches.reduce((n, b) => n + b.recordCount, 0)
      expect(stats).toMatchObject({ records, drops: 0, overwritten: 0, batchesSent: c.batches.length, faults: 0 })
      expect(stats.timedRecords).toBeGreaterThan(0)
      expect(stats.estimatedHotPathNs).toBeGreaterThan(0)
      // Either thread may have drained it all: the drain worker, or this thread at exit (on a
      // loaded machine the worker took every record and this thread's drainNs stayed 0).
      expect(stats.drainNs + stats.workerDrainNs).toBeGreaterThan(0)
      expect(stats.calibration.clockNs).toBeGreaterThan(0)
      // 24 000 records: too few to be worth a calibration's milliseconds at exit.
      expect(stats.calibration.isNominal).toBe(true)
    }
    finally {
      await c.close()
    }
  })

  it('ships synchronously on process.exit() and keeps its code; a collector without /stats is harmless', async () => {
    // Deduplicating, as the real collector (a batch it already has is answered 409): on a loaded
    // CI machine batch 0 once reached this one twice, which the real collector stores once.
    const c = await startCollector({ hasStatsRoute: false, isDeduplicating: true })
    try {
      const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, endpoint: c.endpoint }), CALLS: '5000', MODE: 'process-exit' })
      expect(run).toMatchObject({ code: 4, signal: null })
      expect(sitesOf(c.batches)).toEqual(pairs(5000))
    }
    finally {
      await c.close()
    }
  })

  it('flushes over HTTP on SIGTERM, then ends by that signal as it would have without us', async () => {
    const c = await startCollector()
    try {
      const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, endpoint: c.endpoint }), CALLS: '3000', MODE: 'wait' }, child => child.kill('SIGTERM'))
      expect(run).toMatchObject({ code: null, signal: 'SIGTERM' })
      expect(sitesOf(c.batches)).toEqual(pairs(3000))
      expect(c.stats).toHaveLength(1)
    }
    finally {
      await c.close()
    }
  })

  it('writes no records of its own through the probes while it ships on SIGTERM: the collector gets all it counted', async () => {
    const c = await startCollector()
    try {
      const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, endpoint: c.endpoint }), CALLS: '3000', MODE: 'probed-wait' }, child => child.kill('SIGTERM'))
      expect(run).toMatchObject({ code: null, signal: 'SIGTERM' })
      // Its flush's own promise reactions and polling timers were linked like app code: LinkOut
      // and LinkIn records after the last batch, counted in the stats and never sent.
      expect(sitesOf(c.batches)).toEqual(pairs(3000))
      const stored = c.batches.reduce((n, b) => n + b.recordCount, 0)
      expect(c.stats.at(-1)!.stats.records).toBe(stored)
    }
    finally {
      await c.close()
    }
  })

  it('appends self-delimiting batches to a file and flushes it on SIGTERM', async () => {
    const file = join(dir, 'sigterm', 'trace.batches')
    const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, file }), CALLS: '20000', MODE: 'wait' }, child => child.kill('SIGTERM'))
    expect(run).toMatchObject({ code: null, signal: 'SIGTERM' })
    const { batches, truncatedBytes } = readBatchFile(new Uint8Array(readFileSync(file)))
    expect(truncatedBytes).toBe(0)
    expect(batches.length).toBeGreaterThanOrEqual(5)
    expect(sitesOf(batches)).toEqual(pairs(20000))
  })

  it('previews no thrown value of a throw inside counted calls, which writes no Throw record for it to follow', async () => {
    const file = join(dir, 'hot-throws.batches')
    const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, file }), CALLS: '0', MODE: 'hot-throws' })
    expect(run.code).toBe(0)
    let throws = 0
    let thrownValues = 0
    let orphans = 0
    for (const b of readBatchFile(new Uint8Array(readFileSync(file))).batches) {
      for (let i = 0; i < b.records.length; i += 4) {
        const kind = b.records[i]! & 0xFF
        if (kind === RecordKind.Throw) throws++
        if (kind !== RecordKind.Value || b.records[i + 1] !== ValueRole.Thrown) continue
        thrownValues++
        // A thrown value's preview comes right after its Throw record.
        if (i > 0 && (b.records[i - 4]! & 0xFF) !== RecordKind.Throw) orphans++
      }
    }
    expect(throws).toBeGreaterThan(0)
    expect(throws).toBeLessThan(22000)
    expect(thrownValues).toBeGreaterThan(0)
    expect(orphans).toBe(0)
  })

  it('ends by SIGINT the app sends itself as its last act, as it would without us, and ships everything first', async () => {
    const file = join(dir, 'self-sigint.batches')
    const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, file }), CALLS: '500', MODE: 'self-sigint' })
    expect(run).toMatchObject({ code: null, signal: 'SIGINT' })
    expect(sitesOf(readBatchFile(new Uint8Array(readFileSync(file))).batches)).toEqual(pairs(500))
  })

  it('leaves SIGINT to the app when the app listens to it (flushes, does not re-raise)', async () => {
    const file = join(dir, 'sigint.batches')
    const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, file }), CALLS: '100', MODE: 'app-sigint' }, child => child.kill('SIGINT'))
    expect(run).toMatchObject({ code: 7, signal: null })
    expect(run.stdout).toContain('app handler')
    expect(sitesOf(readBatchFile(new Uint8Array(readFileSync(file))).batches)).toEqual(pairs(100))
  })

  it('ends as soon as it has shipped when the app handles SIGINT and lets its loop run dry', async () => {
    const c = await startCollector()
    try {
      let signalledAt = 0
      const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, endpoint: c.endpoint }), CALLS: '100', MODE: 'app-sigint-close' }, (child) => {
        signalledAt = performance.now()
        child.kill('SIGINT')
      })
      const endedAfterMs = performance.now() - signalledAt
      expect(run).toMatchObject({ code: 0, signal: null })
      expect(run.stdout).toContain('app handler')
      expect(sitesOf(c.batches)).toEqual(pairs(100))
      // The wait for the collector (2 s at most) ends with the flush, not at its limit.
      expect(endedAfterMs).toBeLessThan(1500)
    }
    finally {
      await c.close()
    }
  })

  it('gives each worker thread its own ring and thread id under the process session id', async () => {
    const file = join(dir, 'workers.batches')
    const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, file }), CALLS: '9000', MODE: 'workers' })
    expect(run.code).toBe(0)
    const { session } = JSON.parse(run.stdout)
    const { batches } = readBatchFile(new Uint8Array(readFileSync(file)))
    const byThread = new Map<number, DecodedBatch[]>()
    for (const b of batches) byThread.set(b.threadId, [...byThread.get(b.threadId) ?? [], b])
    expect([...byThread.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2])
    expect(new Set(batches.map(b => b.sessionId))).toEqual(new Set([session]))
    for (const thread of byThread.values()) expect(sitesOf(thread)).toEqual(pairs(9000))
  })

  it('ships what a terminated worker thread published, from the thread that created it, with its stats', async () => {
    const file = join(dir, 'terminate', 'trace.batches')
    const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, hotCalls: 'record', file }), CALLS: '300', MODE: 'terminate' })
    expect(run.code).toBe(0)
    const out = JSON.parse(run.stdout)
    expect(run.stdout).toBe(`${JSON.stringify(out)}\n`)
    expect(out.calls).toBe(5300)
    const { batches, truncatedBytes } = readBatchFile(new Uint8Array(readFileSync(file)))
    expect(truncatedBytes).toBe(0)
    expect(new Set(batches.map(b => b.sessionId))).toEqual(new Set([out.session]))
    const worker = batches.filter(b => b.threadId === out.threadId)
    // Whole batches, from 0, in order, nothing twice; every call but those written after the
    // producer last published (at most PUBLISH_EVERY records) is there.
    const { records, data, dropped } = checkStream(worker, out.calls)
    expect(dropped).toBe(0)
    expect(data).toBeGreaterThanOrEqual(2 * out.calls - 256)
    const { sessionId, threadId, stats } = JSON.parse(readFileSync(`${file}.${out.threadId}.stats.json`, 'utf8'))
    expect({ sessionId, threadId }).toEqual({ sessionId: out.session, threadId: out.threadId })
    expect(stats).toMatchObject({ records, recordsSent: records, drops: 0 })
    // The main thread's own records and stats as ever.
    expect(sitesOf(batches.filter(b => b.threadId === 0))).toEqual(pairs(300))
    expect(existsSync(`${file}.0.stats.json`)).toBe(true)
  })

  it('records in a fraction `sample` of processes, decided once: worker threads follow their process, recording or not', async () => {
    // Math.random as the decision sees it: one value on the main thread, the opposite in workers,
    // which would decide otherwise if they decided for themselves. (`?` would start the data URL's query.)
    const random = (main: number, workers: number): string => `--import=data:text/javascript,import{isMainThread}from'node:worker_threads';Math.random=()=>isMainThread%3F${main}:${workers}`
    const left = join(dir, 'sample-left.batches')
    const out = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, file: left, sample: 0.5 }), CALLS: '100', MODE: 'workers', NODE_OPTIONS: random(0.9, 0.1) })
    expect(out.code).toBe(0)
    expect(JSON.parse(out.stdout)).toEqual({ session: '', threadId: 0 })
    expect(existsSync(left)).toBe(false)

    const kept = join(dir, 'sample-kept.batches')
    const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, file: kept, sample: 0.5 }), CALLS: '100', MODE: 'workers', NODE_OPTIONS: random(0.1, 0.9) })
    expect(run.code).toBe(0)
    const { batches } = readBatchFile(new Uint8Array(readFileSync(kept)))
    expect(new Set(batches.map(b => b.threadId))).toEqual(new Set([0, 1, 2]))
    expect(new Set(batches.map(b => b.sessionId))).toEqual(new Set([JSON.parse(run.stdout).session]))
  })

  it('keeps only the last records in flight-recorder mode and ships them when the process ends', async () => {
    const file = join(dir, 'flight.batches')
    const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, ringCapacity: 1024, overflow: 'flight-recorder', file }), CALLS: '5000', MODE: 'exit-code' })
    expect(run.code).toBe(3)
    const { batches } = readBatchFile(new Uint8Array(readFileSync(file)))
    const records = batches.flatMap(b => Array.from(b.records))
    // One Drop record (everything overwritten) first, then at least capacity - chunk of the newest records, in order.
    expect(records[0]).toBe(RecordKind.Drop)
    // The window starts where the overwritten records end (their sequence numbers are skipped).
    expect(batches[0]!.firstSeq).toBeGreaterThan(0)
    const sites = records.filter((_, i) => i % 4 === 1 && (records[i - 1]! & 0xFF) !== RecordKind.Clock).filter(site => site > 0)
    expect(sites.length).toBeGreaterThanOrEqual(1024 - 128 - 2)
    expect(sites.at(-1)).toBe(5000)
    expect(records[2]! + sites.length).toBe(10000)
  })

  it('ships a burst that fills the ring while no drain worker serves it from the app thread: nothing dropped, every timed record anchored in its batch', async () => {
    // A copy of the app without the drain worker's module: its worker never serves the ring, as a
    // worker that is still starting (tens of milliseconds) does not.
    const noWorker = join(dir, 'no-worker')
    mkdirSync(noWorker, { recursive: true })
    for (const name of ['app.mjs', 'runtime.mjs']) copyFileSync(join(dir, name), join(noWorker, name))
    const file = join(dir, 'spill.batches')
    // 600 000 records through a 65 536-record ring, some timed: their anchors fall anywhere in a batch.
    const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, hotCalls: 'record', file }), CALLS: '300000', MODE: 'exit-code' }, undefined, join(noWorker, 'app.mjs'))
    expect(run.code).toBe(3)
    const { batches, truncatedBytes } = readBatchFile(new Uint8Array(readFileSync(file)))
    expect(truncatedBytes).toBe(0)
    expect(sitesOf(batches)).toEqual(pairs(300000))
    const unanchored = batches.filter((b) => {
      let isAnchored = false
      for (let i = 0; i < b.records.length; i += 4) {
        const w0 = b.records[i]!
        if ((w0 & 0xFF) === RecordKind.Clock) isAnchored = true
        else if ((w0 >>> 8) & RecordFlag.Timed && !isAnchored) return true
      }
      return false
    })
    expect(unanchored.map(b => b.firstSeq)).toEqual([])
  })

  it('takes the ring over from the drain worker on process.exit(): every batch whole, in order, nothing lost or twice', async () => {
    const file = join(dir, 'worker-exit.batches')
    const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, file }), CALLS: '1000000', WAIT_WORKER: '1', MODE: 'process-exit' })
    expect(run.code).toBe(4)
    const calls = Number(/calls (\d+)/.exec(run.stdout)![1])
    const stats = JSON.parse(/stats (.*)/.exec(run.stdout)![1]!)
    const { batches, truncatedBytes } = readBatchFile(new Uint8Array(readFileSync(file)))
    expect(truncatedBytes).toBe(0)
    const { records, dropped, data } = checkStream(batches, calls)
    // written = drained + dropped (+ pending, 0 after the exit flush), as the runtime counted it.
    expect(stats).toMatchObject({ records, drops: dropped, faults: 0 })
    expect(stats.workerDrainNs).toBeGreaterThan(0)
    expect(data).toBeLessThanOrEqual(2 * calls)
  })

  it('takes the ring over from the drain worker on SIGTERM and ships the rest to the file', async () => {
    const file = join(dir, 'worker-sigterm.batches')
    const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, file }), CALLS: '1000000', WAIT_WORKER: '1', MODE: 'wait' }, child => child.kill('SIGTERM'))
    expect(run).toMatchObject({ code: null, signal: 'SIGTERM' })
    const calls = Number(/calls (\d+)/.exec(run.stdout)![1])
    const { batches, truncatedBytes } = readBatchFile(new Uint8Array(readFileSync(file)))
    expect(truncatedBytes).toBe(0)
    const { data, dropped } = checkStream(batches, calls)
    // Every record is in the file or counted by a Drop record (which also counts refused anchors).
    expect(data).toBeLessThanOrEqual(2 * calls)
    expect(data + dropped).toBeGreaterThanOrEqual(2 * calls)
    // The last calls came after the worker was busy: all of them made it.
    expect(batches.some(b => b.recordCount > 0)).toBe(true)
  })

  it('ships from the drain worker over HTTP and resends its batch in flight at exit; the collector stores each batch once', async () => {
    const c = await startCollector({ isDeduplicating: true })
    try {
      // process.exit() right after the worker started posting: its request dies with the process.
      const run = await runApp({ CONFIG: JSON.stringify({ ...baseConfig, endpoint: c.endpoint }), CALLS: '1000000', WAIT_WORKER: '1', MODE: 'process-exit' })
      expect(run.code).toBe(4)
      const calls = Number(/calls (\d+)/.exec(run.stdout)![1])
      const stats = JSON.parse(/stats (.*)/.exec(run.stdout)![1]!)
      const { records, dropped } = checkStream(c.batches, calls)
      expect(stats).toMatchObject({ records, drops: dropped })
      expect(stats.workerDrainNs).toBeGreaterThan(0)
      expect(new Set(c.batches.map(b => b.sessionId)).size).toBe(1)
    }
    finally {
      await c.close()
    }
  })

  it('returns a runtime that records nothing, instead of throwing, for an unusable config', () => {
    const bad = [
      { ...baseConfig },
      { ...baseConfig, endpoint: 'http://127.0.0.1:1/x', file: '/tmp/x' },
      { ...baseConfig, endpoint: 'not a url' },
      { ...baseConfig, file: '/tmp/x', ringCapacity: 1000 },
    ]
    for (const config of bad) {
      const rt = install(config)
      expect(rt.recorder).toBeUndefined()
      expect(rt.e(1)).toBe(0)
      expect(rt.u(1, 0, 'v')).toBe('v')
      expect(rt.stats.faults).toBe(1)
    }
    expect((globalThis as Record<string, unknown>)[GLOBAL_RUNTIME_KEY]).toBeUndefined()
  })
})
