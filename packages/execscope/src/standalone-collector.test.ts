import { join } from 'node:path'
import { encodeBatch, RecordKind, sessionIdToHex } from '@execscope/core'
import { describe, expect, it } from 'vitest'
import { sessionPoint, startStandaloneCollector } from './standalone-collector.ts'
import { tempDirs } from './temp-dirs.test-support.ts'

const tempDir = tempDirs('execscope-serve-')

/** One thread's batch: a call of site 7 that returned. */
function batchOf(session: Uint8Array): Uint8Array {
  return encodeBatch({ sessionId: session, threadId: 0, firstSeq: 0, timeOriginMs: 1_764_000_000_000 }, Int32Array.from([RecordKind.Enter, 7, 0, 0, RecordKind.Return, 7, 0, 0]), 0, 2)
}

/** A session id whose sampling point lies below or above `rate`. */
function sessionOnSide(rate: number, below: boolean): Uint8Array {
  for (let n = 1; ; n++) {
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => (i === 0 ? n & 0xFF : i === 1 ? n >> 8 : 0x5A))
    if ((sessionPoint(sessionIdToHex(bytes)) < rate) === below) return bytes
  }
}

describe('the standalone collector', () => {
  it('keeps the sampled fraction of sessions, answering the others as if stored', async () => {
    const dir = tempDir()
    const collector = await startStandaloneCollector({ traceFile: join(dir, 'trace.duckdb'), sitesFile: join(dir, 'sites.json'), sitesDir: join(dir, 'sites'), host: '127.0.0.1', port: 0, sampleRate: 0.5 })
    try {
      const kept = sessionOnSide(0.5, true)
      const dropped = sessionOnSide(0.5, false)
      for (const session of [kept, dropped]) {
        const response = await fetch(`${collector.url}/ingest`, { method: 'POST', body: batchOf(session), headers: { 'content-type': 'application/octet-stream' } })
        expect(response.status).toBe(204)
      }
      const { rows } = await collector.store.queryTable('select session_id from sessions')
      expect(rows).toEqual([[sessionIdToHex(kept)]])
      expect(collector.sampledOut).toBe(1)
    }
    finally {
      await collector.close()
    }
  })

  it('says how to get out of a port that is taken, and leaves the trace file free', async () => {
    const dir = tempDir()
    const paths = { sitesFile: join(dir, 'sites.json'), sitesDir: join(dir, 'sites'), host: '127.0.0.1' }
    const first = await startStandaloneCollector({ ...paths, traceFile: join(dir, 'first.duckdb'), port: 0 })
    try {
      const port = Number(new URL(first.url).port)
      await expect(startStandaloneCollector({ ...paths, traceFile: join(dir, 'second.duckdb'), port })).rejects.toThrow(`Port ${port} on 127.0.0.1 is in use (another collector, or another server). Stop it, or choose another port (execscope serve --port <n>; 0 picks a free one).`)
      // The second collector closed its file: another one may open it.
      const again = await startStandaloneCollector({ ...paths, traceFile: join(dir, 'second.duckdb'), port: 0 })
      await again.close()
    }
    finally {
      await first.close()
    }
  })

  it('answers a browser\'s CORS preflight for the allowed origins only', async () => {
    const dir = tempDir()
    const said: string[] = []
    const collector = await startStandaloneCollector({ traceFile: join(dir, 'trace.duckdb'), sitesFile: join(dir, 'sites.json'), sitesDir: join(dir, 'sites'), host: '127.0.0.1', port: 0, corsOrigins: ['https://app.example'], log: line => said.push(line) })
    try {
      const preflight = (origin: string): Promise<Response> => fetch(`${collector.url}/ingest`, {
        method: 'OPTIONS',
        headers: { 'origin': origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      })
      // The collector's own trace page queries it from its own origin: nothing to say about that.
      const own = new URL(collector.url).origin
      expect((await fetch(`${collector.url}/api/sql`, { method: 'POST', headers: { 'origin': own, 'content-type': 'application/json' }, body: JSON.stringify({ sql: 'select 1 as one' }) })).status).toBe(200)
      expect((await fetch(`${collector.url}/api/summary`, { headers: { origin: 'https://other.example' } })).status).toBe(200)
      expect(said).toEqual([])
      expect((await preflight('https://app.example')).headers.get('access-control-allow-origin')).toBe('https://app.example')
      expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull()
      await preflight('https://evil.example')
      // Said once, with what lets it through: the refused page sees only a CORS error.
      expect(said).toEqual(['[execscope] A page at https://evil.example is sending records, which its browser blocks: this collector allows https://app.example. Start it with --cors https://app.example,https://evil.example to record it.'])
    }
    finally {
      await collector.close()
    }
  })
})
