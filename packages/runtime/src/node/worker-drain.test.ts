import type { DecodedBatch } from '@execscope/core/codec'
import type { BatchIdentity } from '../shared/ring-buffer.ts'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { RecordFlag, RecordKind } from '@execscope/core/codec'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readBatchFile } from './batch-file.ts'
import { NodeRing } from './node-ring.ts'
import { createWorkerDrain } from './worker-drain.ts'

const TIMED = RecordFlag.Timed << 8
const HIGH = 4294967296
const identity: BatchIdentity = { sessionId: Uint8Array.from({ length: 16 }, (_, i) => i + 1), threadId: 0, timeOriginMs: 1_700_000_000_000 }
let dir = ''
let workerUrl: URL

// The worker runs the drain-worker module built from these sources (Node cannot run .ts itself).
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'execscope-drain-'))
  await build({
    entryPoints: [fileURLToPath(new URL('./drain-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: join(dir, 'drain-worker.mjs'),
    logLevel: 'silent',
    plugins: [{
      name: 'core-from-source',
      setup(b) {
        b.onResolve({ filter: /^@execscope\/core\/codec$/ }, () => ({ path: fileURLToPath(new URL('../../../core/src/codec.ts', import.meta.url)) }))
      },
    }],
  })
  workerUrl = pathToFileURL(join(dir, 'drain-worker.mjs'))
})

afterAll(() => {
  if (dir && !process.env.EXECSCOPE_KEEP_TMP) rmSync(dir, { recursive: true, force: true })
})

// Some work between records, as an instrumented app does: a rate a consumer can keep up with.
let sink = 0
function work(i: number): void {
  for (let k = 0; k < 24; k++) sink = (sink + i * k) | 0
}

interface Produced {
  ring: NodeRing
  /** Records the producer attempted (Clock anchors excluded): kind, payload, and full time if timed. */
  attempts: number
}

/**
 * Writes `n` records synchronously: Enter records carrying their index as payload, every 7th one
 * timed (its time encodes the index, so its anchor can be checked), high time word changing now
 * and then.
 */
function produce(ring: NodeRing, n: number): Produced {
  for (let i = 1; i <= n; i++) {
    if (i % 7 === 0) ring.pushTimed(RecordKind.Enter | TIMED, 3, i, timeOf(i))
    else ring.push(RecordKind.Enter, 3, i, 0)
    work(i)
  }
  return { ring, attempts: n }
}

const timeOf = (i: number): number => Math.floor(i / 100_000) * HIGH + i * 7

/** Checks a thread's batches: contiguous, no duplicates, payloads in order, Drop records and anchors. */
function check(batches: DecodedBatch[], attempts: number): { data: number, dropped: number } {
  const sorted = [...batches].sort((a, b) => a.firstSeq - b.firstSeq)
  const problems: string[] = []
  let seq = 0
  let last = 0
  let data = 0
  let dropped = 0
  for (const b of sorted) {
    if (b.firstSeq !== seq) problems.push(`batch at ${b.firstSeq}, expected ${seq}`)
    seq = b.firstSeq + b.recordCount
    let high: number | undefined
    for (let i = 0; i < b.records.length && problems.length < 5; i += 4) {
      const w0 = b.records[i]!
      const kind = w0 & 0xFF
      if (kind === RecordKind.Clock) {
        high = b.records[i + 2]!
        continue
      }
      if (kind === RecordKind.Drop) {
        dropped += b.records[i + 2]!
        continue
      }
      const payload = b.records[i + 2]!
      // Per-thread order: payloads only ever increase (drops leave gaps, never swaps).
      if (payload <= last) problems.push(`payload ${payload} after ${last}`)
      last = payload
      data++
      // Every timed record's batch carries its anchor, before it.
      if ((w0 & TIMED) && (high === undefined || high * HIGH + (b.records[i + 3]! >>> 0) !== timeOf(payload)))
        problems.push(`timed record ${payload} (batch at ${b.firstSeq}) has anchor ${high}`)
    }
  }
  expect(problems).toEqual([])
  // Clock records refused with their timed record are counted as dropped too.
  expect(data + dropped).toBeGreaterThanOrEqual(attempts)
  return { data, dropped }
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let k = 0; k < 1000 && !condition(); k++) await new Promise(resolve => setTimeout(resolve, 10))
}

/** Takes the ring over as the exit path does, and writes what is left with the app thread's own descriptor. */
function takeOverAndShip(ring: NodeRing, claim: () => boolean, file: string): void {
  expect(claim()).toBe(true)
  const fd = openSync(file, 'a')
  try {
    for (let b; (b = ring.drain(8192, identity));) writeSync(fd, b.bytes)
  }
  finally {
    closeSync(fd)
  }
}

describe('createWorkerDrain', () => {
  it('drains a ring from a worker while the producer writes synchronously, losing and duplicating nothing', async () => {
    const N = 2_000_000
    const file = join(dir, 'worker.batches')
    const ring = new NodeRing({ capacity: 1 << 16 })
    const drain = createWorkerDrain({ ring, identity, target: { file }, batchRecords: 8192, idleMs: 50, workerUrl })
    ring.onPressure = drain.onPressure
    drain.start()
    await waitFor(() => drain.isServing)
    expect(drain.isServing).toBe(true)
    produce(ring, N)
    takeOverAndShip(ring, () => drain.claim(2000), file)
    drain.dispose()

    const { batches, truncatedBytes } = readBatchFile(new Uint8Array(readFileSync(file)))
    expect(truncatedBytes).toBe(0)
    const { data, dropped } = check(batches, N)
    const fromWorker = drain.stats()
    // written = drained + dropped + pending, exactly: nothing is pending after the takeover.
    expect(ring.pending).toBe(0)
    expect(dropped).toBe(ring.droppedTotal)
    expect(batches.reduce((n, b) => n + b.recordCount, 0)).toBe(ring.nextSeq)
    expect(fromWorker.records).toBeGreaterThan(0)
    expect(fromWorker.recordsSent).toBe(fromWorker.records)
    expect(fromWorker.faults).toBe(0)

    // The same run without a consumer keeps the first 65536 records and drops the rest.
    const alone = new NodeRing({ capacity: 1 << 16 })
    produce(alone, N)
    expect(alone.droppedTotal).toBeGreaterThan(N - 70_000)
    expect(ring.droppedTotal).toBeLessThan(alone.droppedTotal / 2)
    expect(data).toBeGreaterThan(N / 2)
  })

  it('lets the app thread take the ring over and give it back while the worker drains, losing and duplicating nothing', async () => {
    const file = join(dir, 'handover.batches')
    const ring = new NodeRing({ capacity: 1 << 12, anchorSpan: 64 })
    const drain = createWorkerDrain({ ring, identity, target: { file }, batchRecords: 512, idleMs: 5, workerUrl })
    ring.onPressure = drain.onPressure
    drain.start()
    await waitFor(() => drain.isServing)
    let n = 0
    for (let round = 0; round < 40; round++) {
      // A synchronous stretch, then a flush-like takeover that gives the ring back, then a pause.
      for (let k = 0; k < 20_000; k++) {
        n++
        if (n % 7 === 0) ring.pushTimed(RecordKind.Enter | TIMED, 3, n, timeOf(n))
        else ring.push(RecordKind.Enter, 3, n, 0)
        work(n)
      }
      if (round % 3 === 0) {
        takeOverAndShip(ring, () => drain.claim(2000), file)
        drain.release()
      }
      else {
        drain.tick()
      }
      if (round % 5 === 0) await new Promise(resolve => setTimeout(resolve, 2))
    }
    takeOverAndShip(ring, () => drain.claim(2000), file)
    drain.dispose()
    const { batches } = readBatchFile(new Uint8Array(readFileSync(file)))
    const { dropped } = check(batches, n)
    expect(dropped).toBe(ring.droppedTotal)
    expect(batches.reduce((k, b) => k + b.recordCount, 0)).toBe(ring.nextSeq)
    expect(drain.stats().records).toBeGreaterThan(0)
  })

  it('leaves the ring to the app thread when the worker cannot start', async () => {
    const ring = new NodeRing({ capacity: 1 << 8 })
    const drain = createWorkerDrain({ ring, identity, target: { file: join(dir, 'never.batches') }, batchRecords: 64, idleMs: 10, workerUrl: pathToFileURL(join(dir, 'missing.mjs')) })
    drain.start()
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(drain.isServing).toBe(false)
    expect(drain.tryClaim()).toBe(true)
    drain.release()
  })
})
