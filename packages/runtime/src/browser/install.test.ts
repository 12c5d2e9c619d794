import type { AddressInfo } from 'node:net'
import type { DecodedBatch } from '@execscope/core/codec'
import type { BrowserRuntimeConfig, InstalledRuntime } from './install.ts'
import { createServer } from 'node:http'
import { GLOBAL_RUNTIME_KEY, RecordKind, decodeBatch } from '@execscope/core/codec'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { install } from './install.ts'

interface Collector {
  endpoint: string
  batches: DecodedBatch[]
  bodyBytes: number[]
  maxInFlight: number
  requests: number
  close: () => Promise<void>
}

/** A real HTTP collector on 127.0.0.1; `status(n)` decides the answer to the n-th request. */
async function startCollector(status: (n: number) => number = () => 204): Promise<Collector> {
  let inFlight = 0
  const c: Collector = { endpoint: '', batches: [], bodyBytes: [], maxInFlight: 0, requests: 0, close: async () => {} }
  const server = createServer((req, res) => {
    const n = c.requests++
    inFlight++
    c.maxInFlight = Math.max(c.maxInFlight, inFlight)
    const chunks: Buffer[] = []
    req.on('data', (d: Buffer) => chunks.push(d))
    req.on('end', () => {
      const code = req.method === 'POST' && req.url === '/__execscope/ingest' && req.headers['content-type'] === 'application/octet-stream' ? status(n) : 404
      // Answer a little later, so overlapping requests would show up in maxInFlight.
      setTimeout(() => {
        if (code < 300) {
          const body = Buffer.concat(chunks)
          c.bodyBytes.push(body.byteLength)
          c.batches.push(decodeBatch(new Uint8Array(body)))
        }
        inFlight--
        res.writeHead(code).end()
      }, 5)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  c.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/__execscope`
  c.close = () => new Promise(resolve => server.close(() => resolve()))
  return c
}

const installed: InstalledRuntime[] = []
const collectors: Collector[] = []
afterEach(async () => {
  for (const rt of installed.splice(0)) rt.dispose()
  for (const c of collectors.splice(0)) await c.close()
})

async function setup(config: Partial<BrowserRuntimeConfig> = {}, status?: (n: number) => number): Promise<{ rt: InstalledRuntime, c: Collector }> {
  const c = await startCollector(status)
  collectors.push(c)
  const rt = install({ endpoint: `${c.endpoint}/`, ringCapacity: 1 << 16, flushIntervalMs: 20, timedCallsPerSite: 2, sampleEvery: 8, ...config })
  installed.push(rt)
  return { rt, c }
}

/** All records the collector got, in arrival order. */
const allRecords = (c: Collector): number[] => c.batches.flatMap(b => Array.from(b.records))

describe('install', () => {
  it('is idempotent per realm and publishes the runtime on globalThis.__execscope', async () => {
    const { rt } = await setup()
    expect((globalThis as Record<string, unknown>)[GLOBAL_RUNTIME_KEY]).toBe(rt)
    expect(install({ endpoint: '/elsewhere', ringCapacity: 1024, flushIntervalMs: 100, timedCallsPerSite: 0, sampleEvery: 1 })).toBe(rt)
    expect(rt.sessionId).toMatch(/^[0-9a-f]{32}$/)
  })

  it('ships batches one at a time, in sequence order, and flush() waits until they are in', async () => {
    const { rt, c } = await setup()
    const sites: number[] = []
    for (let i = 1; i <= 15000; i++) {
      const t = rt.e(i)
      rt.r(i, t)
      sites.push(i, i)
    }
    await rt.flush()
    expect(c.maxInFlight).toBe(1)
    expect(c.batches.length).toBeGreaterThanOrEqual(4)
    let seq = 0
    for (const b of c.batches) {
      expect(b).toMatchObject({ sessionId: rt.sessionId, threadId: 0, firstSeq: seq, timeOriginMs: performance.timeOrigin })
      expect(b.recordCount).toBeLessThanOrEqual(8192)
      seq += b.recordCount
    }
    const records = allRecords(c)
    const data: number[] = []
    for (let i = 0; i < records.length; i += 4) if ((records[i]! & 0xFF) !== RecordKind.Clock) data.push(records[i + 1]!)
    expect(data).toEqual(sites)
    expect(rt.stats).toMatchObject({ batchesSent: c.batches.length, recordsSent: seq, batchesLost: 0, faults: 0 })
  })

  it('ships on its own timer without flush()', async () => {
    const { rt, c } = await setup({ flushIntervalMs: 15 })
    rt.r(3, rt.e(3))
    const deadline = Date.now() + 5000
    while (c.batches.length === 0 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 10))
    expect(c.batches.length).toBe(1)
    expect(Array.from(c.batches[0]!.records).filter((_, i) => i % 4 === 1)).toEqual([0, 3, 3])
  })

  it('retries a batch the collector failed, keeping the order', async () => {
    const { rt, c } = await setup({}, n => (n < 2 ? 503 : 204))
    for (let i = 1; i <= 10000; i++) rt.e(i)
    await rt.flush()
    expect(rt.stats.retries).toBe(2)
    expect(c.batches.map(b => b.firstSeq)).toEqual([0, 8192])
    expect(c.maxInFlight).toBe(1)
  }, 20_000)

  it('gives up on a rejected batch, counts it, and goes on with the next', async () => {
    const { rt, c } = await setup({ timedCallsPerSite: 0, sampleEvery: 65536 }, n => (n === 0 ? 400 : 204))
    for (let i = 1; i <= 9000; i++) rt.e(i)
    await rt.flush()
    expect(rt.stats).toMatchObject({ batchesLost: 1, recordsLost: 8192, batchesSent: 1, retries: 0 })
    // The collector sees the gap: the next batch starts at 8192.
    expect(c.batches.map(b => [b.firstSeq, b.recordCount])).toEqual([[8192, 808]])
  })

  it('gives onStatus the status of every answer to a batch, refused ones included', async () => {
    const statuses: number[] = []
    const { rt } = await setup({ timedCallsPerSite: 0, sampleEvery: 65536, flushIntervalMs: 5, onStatus: status => void statuses.push(status) }, n => (n === 0 ? 404 : 204))
    for (let i = 1; i <= 9000; i++) rt.e(i)
    await rt.flush()
    expect(rt.stats.batchesLost).toBe(1)
    expect(statuses).toEqual([404, 204])
  })

  it('never throws into the app when the collector is unreachable', async () => {
    const c = await startCollector()
    await c.close()
    const rt = install({ endpoint: c.endpoint, ringCapacity: 1024, flushIntervalMs: 10, timedCallsPerSite: 0, sampleEvery: 1 })
    installed.push(rt)
    for (let i = 1; i <= 3000; i++) rt.r(i, rt.e(i))
    await rt.flush()
    expect(rt.stats.batchesSent).toBe(0)
    expect(rt.stats.batchesLost).toBeGreaterThan(0)
    expect(rt.stats.faults).toBe(0)
  }, 30_000)

  describe('when the page is hidden', () => {
    // Node has no window events; give globalThis a real EventTarget's methods, like a window has.
    const target = new EventTarget()
    const g = globalThis as unknown as Record<string, unknown>
    beforeEach(() => {
      g.addEventListener = target.addEventListener.bind(target)
      g.removeEventListener = target.removeEventListener.bind(target)
    })
    afterEach(() => {
      for (const rt of installed.splice(0)) rt.dispose()
      delete g.addEventListener
      delete g.removeEventListener
    })

    it('ships what is left at once, in keepalive batches of at most 60 KiB (the rest of the 64 KiB for the stats report)', async () => {
      // Untimed, so no clock anchors decide where batches are cut.
      const { rt, c } = await setup({ flushIntervalMs: 60_000, timedCallsPerSite: 0, sampleEvery: 65536 })
      for (let i = 1; i <= 6000; i++) rt.e(i)
      target.dispatchEvent(new Event('pagehide'))
      const deadline = Date.now() + 5000
      while (c.batches.length < 2 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 10))
      expect(c.bodyBytes).toEqual([65536 - 4096, 48 + (6000 - 3837) * 16])
      expect(c.batches.map(b => b.firstSeq)).toEqual([0, 3837])
      expect(c.maxInFlight).toBe(1)
    })

    it('never lets a keepalive batch overtake the request in flight', async () => {
      const { rt, c } = await setup({ flushIntervalMs: 60_000, timedCallsPerSite: 0, sampleEvery: 65536 })
      for (let i = 1; i <= 12000; i++) rt.e(i)
      const flushed = rt.flush()
      target.dispatchEvent(new Event('pagehide'))
      await flushed
      expect(c.batches.map(b => [b.firstSeq, b.recordCount])).toEqual([[0, 8192], [8192, 3808]])
      expect(c.maxInFlight).toBe(1)
      // Back on the page: regular batch sizes again.
      target.dispatchEvent(new Event('pageshow'))
      for (let i = 1; i <= 9000; i++) rt.e(i)
      await rt.flush()
      expect(c.batches.slice(2).map(b => b.recordCount)).toEqual([8192, 808])
    })
  })

  it('returns a runtime that records nothing, instead of throwing, when the config is unusable', () => {
    const rt = install({ endpoint: '/x', ringCapacity: 1000, flushIntervalMs: 10, timedCallsPerSite: 0, sampleEvery: 1 })
    expect(rt.recorder).toBeUndefined()
    expect(rt.e(1)).toBe(0)
    expect(rt.s(1, 0, 'v')).toBe('v')
    expect((globalThis as Record<string, unknown>)[GLOBAL_RUNTIME_KEY]).toBeUndefined()
  })
})
