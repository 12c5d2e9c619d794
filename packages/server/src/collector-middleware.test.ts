import type { AddressInfo } from 'node:net'
import type { Store } from '@execscope/store'
import { createServer } from 'node:http'
import { BATCH_HEADER_BYTES, batchChecksum } from '@execscope/core'
import { createStore } from '@execscope/store'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../store/test/helpers.ts'
import { trace } from '../../store/test/trace-builder.ts'
import { collectorMiddleware } from './index.ts'

let store: Store
let base: string
let cleanup: () => Promise<void>

async function listen(options: Partial<Parameters<typeof collectorMiddleware>[0]> = {}): Promise<void> {
  const middleware = collectorMiddleware({ store: () => Promise.resolve(store), ...options })
  const server = createServer((req, res) => middleware(req, res, (error) => {
    res.statusCode = error ? 500 : 404
    res.end(error ? `next(${String(error)})` : 'not the collector')
  }))
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const previous = cleanup
  cleanup = async () => {
    await new Promise(resolve => server.close(resolve))
    await previous()
  }
}

beforeEach(async () => {
  const dir = tempDir()
  store = await createStore({ file: `${dir.dir}/trace.duckdb` })
  cleanup = async () => {
    await store.close()
    dir.dispose()
  }
  await listen()
})

afterEach(async () => {
  await cleanup()
})

function post(path: string, body: Uint8Array | string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(base + path, { method: 'POST', body, headers: { 'content-type': 'application/octet-stream', ...headers } })
}

/** Starts over with a new store (`storeOptions`) behind a new collector (`listenOptions`). */
async function restart(storeOptions: Partial<Parameters<typeof createStore>[0]> = {}, listenOptions: Parameters<typeof listen>[0] = {}): Promise<void> {
  await cleanup()
  const dir = tempDir()
  store = await createStore({ file: `${dir.dir}/trace.duckdb`, ...storeOptions })
  cleanup = async () => {
    await store.close()
    dir.dispose()
  }
  await listen(listenOptions)
}

async function callCount(): Promise<number> {
  return Number((await store.query('SELECT count(*) AS n FROM calls'))[0]!.n)
}

const good = trace().enter(1, 100).enter(2, 150).exit(2, 180).exit(1, 200)

describe('collectorMiddleware', () => {
  it('with ack "queued", answers 202 before the commit, stores the batch, and reports a later refusal', async () => {
    const refusals: string[] = []
    await listen({ basePath: '/q', ack: 'queued', onBackgroundError: error => refusals.push(error.message) })
    expect((await post('/q/ingest', good.encode())).status).toBe(202)
    // A duplicate is not a refusal worth reporting: senders resend at exit.
    expect((await post('/q/ingest', good.encode())).status).toBe(202)
    // Another session whose exit has no entry: stored as a drop, not refused.
    const orphan = trace().exit(9, 300)
    expect((await post('/q/ingest', orphan.encode({ session: 2 }))).status).toBe(202)
    expect((await post('/q/stats', JSON.stringify({ nonsense: true }), { 'content-type': 'application/json' })).status).toBe(202)
    await store.close()
    store = await createStore({ file: store.file, readOnly: true })
    expect(await callCount()).toBe(2)
    expect(await store.query(`SELECT reason, count FROM drops`)).toEqual([{ reason: 'orphan', count: 1 }])
    expect(refusals).toMatchInlineSnapshot(`
      [
        "[execscope] Runtime stats rejected: sessionId must be 32 hex digits, got undefined. Nothing was stored.",
      ]
    `)
  })

  it('stores a good batch and answers 204', async () => {
    const response = await post('/__execscope/ingest', good.encode(), { 'user-agent': 'test-agent/1.0' })
    expect(response.status).toBe(204)
    expect(await store.query('SELECT call_id, parent_id, ts, dur, status FROM calls ORDER BY call_id')).toEqual([
      { call_id: 1, parent_id: null, ts: 100, dur: 100, status: 'return' },
      { call_id: 2, parent_id: 1, ts: 150, dur: 30, status: 'return' },
    ])
    expect(await store.query('SELECT user_agent FROM sessions')).toEqual([{ user_agent: 'test-agent/1.0' }])
  })

  it('rejects malformed batches with 400 and the reason, storing nothing', async () => {
    await post('/__execscope/ingest', good.encode())
    const before = await callCount()
    const bytes = trace().enter(3, 0).exit(3, 10).encode({ firstSeq: good.records.length })
    const badCrc = bytes.slice()
    badCrc[badCrc.length - 1]! ^= 0xFF
    const unknownKind = trace().enter(3, 0).exit(3, 10).encode({ firstSeq: good.records.length })
    // Give record 1 an unknown kind and a matching CRC, so the kind check is what rejects it.
    unknownKind[BATCH_HEADER_BYTES + 16] = 0x3F
    new DataView(unknownKind.buffer).setUint32(36, batchChecksum(unknownKind), true)
    const cases: Array<[string, Uint8Array]> = [
      ['empty', new Uint8Array(0)],
      ['truncated', bytes.subarray(0, bytes.length - 5)],
      ['bad crc', badCrc],
      ['unknown kind', unknownKind],
      ['not a batch', new TextEncoder().encode('{"hello":"world"} and some more bytes to pass the header length....')],
    ]
    const answers: string[] = []
    for (const [name, body] of cases) {
      const response = await post('/__execscope/ingest', body)
      expect(response.status, name).toBe(400)
      expect(response.headers.get('content-type'), name).toMatch(/^text\/plain/)
      answers.push(`${name}: ${await response.text()}`)
    }
    expect(answers.join('\n')).toMatchInlineSnapshot(`
      "empty: [execscope] Batch rejected: batch is 0 bytes, shorter than the 48-byte header. Nothing was stored.
      truncated: [execscope] Batch rejected: batch is 91 bytes but its header announces 3 records (96 bytes); it was truncated or padded. Nothing was stored.
      bad crc: [execscope] Batch rejected: checksum mismatch (declared 0x5b8d4f52, computed 0x6663c3f4 over header and records); the batch was corrupted. Nothing was stored.
      unknown kind: [execscope] Batch rejected: record 1 has unknown kind 0x3f (protocol 3). Nothing was stored.
      not a batch: [execscope] Batch rejected: bad magic 0x6568227b (expected 0x31425345); this is not an execscope batch. Nothing was stored."
    `)
    expect(await callCount()).toBe(before)
  })

  it('answers 409 to a duplicate batch and 413 to an oversized body', async () => {
    expect((await post('/__execscope/ingest', good.encode())).status).toBe(204)
    const duplicate = await post('/__execscope/ingest', good.encode())
    expect(duplicate.status).toBe(409)
    expect(await duplicate.text()).toMatch(/^\[execscope\] Batch rejected: .*duplicate.*Nothing was stored\.$/)
    await restart({}, { maxBodyBytes: 100 })
    const big = trace()
    for (let i = 0; i < 10; i++) big.enter(1, i).exit(1, i)
    const response = await post('/__execscope/ingest', big.encode())
    expect(response.status).toBe(413)
    expect(await response.text()).toMatch(/larger than 100 bytes/)
    expect(await callCount()).toBe(0)
  })

  it('reads a body sent in chunks (no Content-Length) like any other: stored, refused with its reason, or 413 past the limit', async () => {
    // A body from a stream is sent chunked; `duplex` is what fetch asks for it.
    const chunked = (path: string, parts: Uint8Array[]): Promise<Response> => fetch(`${base}${path}`, {
      method: 'POST',
      body: new ReadableStream({ start(controller) { for (const part of parts) controller.enqueue(part); controller.close() } }),
      duplex: 'half',
    } as RequestInit)
    const bytes = good.encode()
    expect((await chunked('/__execscope/ingest', [bytes.subarray(0, 10), bytes.subarray(10)])).status).toBe(204)
    expect(await callCount()).toBe(2)
    const empty = await chunked('/__execscope/ingest', [])
    expect(empty.status).toBe(400)
    expect(await empty.text()).toMatch(/^\[execscope\] Batch rejected: .*Nothing was stored\.$/)
    const stats = await chunked('/__execscope/stats', [new TextEncoder().encode('{ not json')])
    expect(stats.status).toBe(400)
    expect(await stats.text()).toMatch(/not valid JSON/)
    await restart({}, { maxBodyBytes: 100 })
    const tooLarge = await chunked('/__execscope/ingest', [new Uint8Array(60), new Uint8Array(60)])
    expect(tooLarge.status).toBe(413)
    expect(await tooLarge.text()).toMatch(/larger than 100 bytes/)
  })

  it('answers a batch held for an earlier one at once (202), stores it when that one arrives, and still answers 409 to its duplicate', async () => {
    // A long wait for late batches: an answer that waited for it would take 5 s.
    await restart({ reorder: { holdMs: 5000 } })
    const t = trace()
    for (let i = 0; i < 6; i++) t.enter(1 + i, i * 100).exit(1 + i, i * 100 + 50)
    const [first, second, third] = [t.encode({}, 0, 5), t.encode({}, 5, 9), t.encode({}, 9, 13)]
    expect((await post('/__execscope/ingest', first)).status).toBe(204)
    const started = performance.now()
    const early = await post('/__execscope/ingest', third)
    const waitedMs = performance.now() - started
    expect(early.status).toBe(202)
    expect(waitedMs).toBeLessThan(1000)
    expect((await post('/__execscope/ingest', third)).status).toBe(409)
    expect((await post('/__execscope/ingest', second)).status).toBe(204)
    expect(await store.query('SELECT first_seq, record_count, gap, calls FROM batches ORDER BY batch_id')).toEqual([
      { first_seq: 0, record_count: 5, gap: 0, calls: 2 },
      { first_seq: 5, record_count: 4, gap: 0, calls: 2 },
      { first_seq: 9, record_count: 4, gap: 0, calls: 2 },
    ])
  })

  it('answers a held batch at once and stores it with a gap when the missing batch never comes', async () => {
    await restart({ reorder: { holdMs: 1000 } })
    const t = trace().enter(1, 0).exit(1, 10).enter(2, 20).exit(2, 30)
    expect((await post('/__execscope/ingest', t.encode({}, 0, 3))).status).toBe(204)
    const started = performance.now()
    expect((await post('/__execscope/ingest', t.encode({ firstSeq: 10 }, 3, 5))).status).toBe(202)
    expect(performance.now() - started).toBeLessThan(800)
    await expect.poll(() => store.query('SELECT first_seq, gap, calls FROM batches ORDER BY batch_id'), { timeout: 3000 }).toEqual([
      { first_seq: 0, gap: 0, calls: 1 },
      { first_seq: 10, gap: 7, calls: 1 },
    ])
    expect(await store.query('SELECT count, reason FROM drops')).toEqual([{ count: 7, reason: 'gap' }])
  })

  it('serves the summary as JSON', async () => {
    await post('/__execscope/ingest', good.encode())
    const response = await fetch(`${base}/__execscope/api/summary`)
    expect(response.status).toBe(200)
    const summary = await response.json() as Record<string, unknown>
    expect({ ...summary, file: '<file>' }).toMatchInlineSnapshot(`
      {
        "calls": 2,
        "countedCalls": 0,
        "dropped": 0,
        "errors": 0,
        "file": "<file>",
        "messages": {
          "paired": 0,
          "total": 0,
        },
        "recordingCost": null,
        "sessions": 1,
        "stateChanges": 0,
        "threads": 1,
        "throws": 0,
        "topCounted": [],
        "topErrors": [],
        "topSelf": [
          {
            "calls": 1,
            "file": "",
            "line": 0,
            "name": "site#1",
            "selfMs": 0.00007,
            "timedCalls": 1,
          },
          {
            "calls": 1,
            "file": "",
            "line": 0,
            "name": "site#2",
            "selfMs": 0.00003,
            "timedCalls": 1,
          },
        ],
        "topStateTargets": [],
        "unsent": 0,
      }
    `)
  })

  it('answers read-only SQL and refuses writes', async () => {
    await post('/__execscope/ingest', good.encode())
    const sql = (text: string): Promise<Response> => post('/__execscope/api/sql', JSON.stringify({ sql: text }), { 'content-type': 'application/json' })
    const ok = await sql('SELECT call_id, dur FROM calls ORDER BY call_id')
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchInlineSnapshot(`
      {
        "columns": [
          {
            "name": "call_id",
            "type": "BIGINT",
          },
          {
            "name": "dur",
            "type": "BIGINT",
          },
        ],
        "rows": [
          [
            1,
            100,
          ],
          [
            2,
            30,
          ],
        ],
        "truncated": false,
      }
    `)
    const refused = await sql('delete from calls')
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchInlineSnapshot(`
      {
        "error": "[execscope] Only read queries are allowed here (SELECT, WITH, FROM, DESCRIBE, SUMMARIZE, EXPLAIN); got a DELETE statement. The trace file is written by the collector alone.",
      }
    `)
    expect(await callCount()).toBe(2)
    expect((await sql('select * from nowhere')).status).toBe(400)
    expect((await post('/__execscope/api/sql', JSON.stringify({ sql: 'select 1' }), { 'content-type': 'text/plain' })).status).toBe(415)
  })

  it('stores a runtime\'s account of itself, and rejects a malformed one with the reason', async () => {
    const report = (threadId: number, elapsedNs: number) => ({
      sessionId: 'ab'.repeat(16),
      threadId,
      timeOriginMs: 1_764_000_000_000,
      stats: { records: 1000, timedRecords: 100, drops: 2, overwritten: 0, estimatedHotPathNs: 20_000, drainNs: 3_000, sendNs: 2_000, elapsedNs, estimatedOverhead: 0.01 },
    })
    const send = (body: unknown): Promise<Response> => post('/__execscope/stats', JSON.stringify(body), { 'content-type': 'application/json' })
    expect((await send(report(0, 1_000_000))).status).toBe(204)
    // A later report of the same thread replaces the earlier one in runtime_cost.
    expect((await send(report(0, 2_525_000))).status).toBe(204)
    const bad = await send({ ...report(0, 1), sessionId: 'nope' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toBe('[execscope] Runtime stats rejected: sessionId must be 32 hex digits, got "nope". Nothing was stored.')
    expect((await post('/__execscope/stats', '{', { 'content-type': 'application/json' })).status).toBe(400)
    expect(await store.query('SELECT thread_id, records, drops, ship_ns, elapsed_ns FROM runtime_cost')).toEqual([
      { thread_id: 0, records: 1000, drops: 2, ship_ns: 5000, elapsed_ns: 2_525_000 },
    ])
    // (20 000 + 5 000) / (2 525 000 - 25 000) = 1%.
    expect((await store.summary()).recordingCost).toBeCloseTo(0.01, 10)
    expect(await store.query('SELECT count(*) AS n FROM runtime_stats')).toEqual([{ n: 2 }])
  })

  it('passes requests outside its routes to next()', async () => {
    for (const path of ['/', '/src/main.ts', '/__execscope/panel.js', '/__execscopeX/ingest']) {
      const response = await fetch(base + path)
      expect(response.status, path).toBe(404)
      expect(await response.text(), path).toBe('not the collector')
    }
  })

  it('serves its trace page at its base path itself: a dev server would answer it with the app, which would then record a session of its own', async () => {
    for (const path of ['/__execscope/', '/__execscope']) {
      const response = await fetch(base + path)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/)
      const html = await response.text()
      expect(html, path).toContain('<title>execscope trace</title>')
      expect(html, path).toContain('const BASE = "/__execscope"')
    }
  })

  it('answers 503 with the reason when the store could not be opened', async () => {
    await listen({ store: () => Promise.reject(new Error('[execscope] The trace file x.duckdb is in use by another process.')) })
    const response = await post('/__execscope/ingest', good.encode())
    expect(response.status).toBe(503)
    expect(await response.text()).toMatchInlineSnapshot(`"[execscope] The trace file is not open: The trace file x.duckdb is in use by another process."`)
  })
})
