import { afterEach, describe, expect, it, vi } from 'vitest'

const g = globalThis as unknown as Record<string, unknown>

describe('reportStats', () => {
  const saved = { fetch: g.fetch, addEventListener: g.addEventListener }
  afterEach(() => {
    g.fetch = saved.fetch
    g.addEventListener = saved.addEventListener
    vi.useRealTimers()
    vi.resetModules()
  })

  it('sends its last report as the page hides in a keepalive body that leaves the last batch room (under 4 KiB of the 64 KiB)', async () => {
    const bodies: Array<{ body: string, keepalive: boolean | undefined }> = []
    g.fetch = (_url: string, init: RequestInit) => {
      bodies.push({ body: String(init.body), keepalive: init.keepalive })
      return Promise.resolve(new Response(null, { status: 204 }))
    }
    const listeners = new Map<string, () => void>()
    g.addEventListener = (type: string, listener: () => void) => listeners.set(type, listener)
    // Captures fetch and setInterval at load, as in a page: loaded after the stub (its interval, fake, never runs).
    vi.useFakeTimers()
    const { reportStats } = await import('./report-stats.ts')
    const stats = { batchesSent: 1e9, recordsSent: 1e12, batchesLost: 1e9, recordsLost: 1e12, retries: 1e9, faults: 1e9 }
    const runtime = {
      sessionId: 'ab'.repeat(16),
      stats,
      recorder: { ring: { nextSeq: 4_000_000_000, droppedTotal: 1e12 }, calls: { countedCalls: 1e15 }, drain: () => undefined, previewNs: 1e15 },
    }
    reportStats(runtime, { endpoint: '/__execscope', intervalMs: 3_600_000 })
    listeners.get('pagehide')!()
    expect(bodies).toHaveLength(1)
    expect(bodies[0]!.keepalive).toBe(true)
    expect(JSON.parse(bodies[0]!.body).stats.records).toBe(4_000_000_000)
    // Large counters and all: well under the 4 KiB the browser runtime leaves free (install.ts, KEEPALIVE_RECORDS).
    expect(new TextEncoder().encode(bodies[0]!.body).length).toBeLessThan(2048)
  })
})
