import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterEach, describe, expect, it } from 'vitest'
import { formatRows, tempDir, tempStore } from '../test/helpers.ts'
import { trace } from '../test/trace-builder.ts'
import { BatchSequenceError, createStore, queryTraceFile } from './index.ts'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

describe('late and out-of-order batches', () => {
  it('holds a batch that is ahead until the gap fills, then stores both in order without a gap', async () => {
    const opened = await tempStore({ reorder: { holdMs: 5000 } })
    cleanups.push(opened.dispose)
    const t = trace().enter(1, 0).enter(2, 10).exit(2, 20).exit(1, 30)
    const [first, second] = t.batches([3])
    const late = opened.store.ingest(second!)
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(await opened.store.query('SELECT count(*) AS batches FROM batches')).toEqual([{ batches: 0 }])
    await opened.store.ingest(first!)
    expect(await late).toEqual({ calls: 2, dropped: 0, openCalls: 0 })
    expect(formatRows(await opened.store.query('SELECT b.first_seq, b.record_count, b.gap, b.calls FROM batches b ORDER BY batch_id'))).toMatchInlineSnapshot(`
      "
      first_seq record_count gap calls
      0         3            0   0
      3         2            0   2
      "
    `)
    expect(await opened.store.query('SELECT count(*) AS drops FROM drops')).toEqual([{ drops: 0 }])
  })

  it('records the gap once the wait is over, and refuses the missing batch when it comes later still', async () => {
    const opened = await tempStore({ reorder: { holdMs: 30 } })
    cleanups.push(opened.dispose)
    const t = trace().enter(1, 0).exit(1, 10).enter(2, 20).exit(2, 30)
    const [first, second] = t.batches([3])
    expect(await opened.store.ingest(second!)).toEqual({ calls: 1, dropped: 3, openCalls: 0 })
    expect(formatRows(await opened.store.query('SELECT thread_id, ts, count, reason FROM drops'))).toMatchInlineSnapshot(`
      "
      thread_id ts count reason
      0         0  3     gap
      "
    `)
    await expect(opened.store.ingest(first!)).rejects.toBeInstanceOf(BatchSequenceError)
  })

  it('stores waiting batches at close, with their gap', async () => {
    const { dir, dispose } = tempDir()
    cleanups.push(dispose)
    const file = join(dir, 'trace.duckdb')
    const store = await createStore({ file, reorder: { holdMs: 60_000 } })
    const t = trace().enter(1, 0).exit(1, 10).enter(2, 20).exit(2, 30)
    const [, second] = t.batches([3])
    const held = store.ingest(second!)
    await store.close()
    expect(await held).toMatchObject({ calls: 1, dropped: 3 })
    const { rows } = await queryTraceFile(file, 'SELECT gap FROM batches')
    expect(rows).toEqual([[3]])
  })
})

describe('recent window', () => {
  it('keeps the newest calls per thread in memory, newest last', async () => {
    const opened = await tempStore({ recentCallsPerThread: 3 })
    cleanups.push(opened.dispose)
    const t = trace()
    for (let i = 0; i < 5; i++) t.enter(i + 1, i * 10).exit(i + 1, i * 10 + 5)
    await opened.store.ingest(t.batch())
    await opened.store.ingest(trace().enter(9, 100).exit(9, 101).batch({ threadId: 1 }))
    expect(opened.store.recent(10, 1).map(c => c.siteId)).toEqual([3, 4, 5])
    expect(opened.store.recent(2).map(c => `${c.threadId}:${c.siteId}@${c.ts}`)).toEqual(['0:5@40', '1:9@100'])
  })
})

describe('retention', () => {
  it('deletes the oldest sessions beyond the size limit, keeping the newest', async () => {
    const opened = await tempStore()
    cleanups.push(opened.dispose)
    for (let session = 1; session <= 3; session++) {
      const t = trace()
      for (let i = 0; i < 3000; i++) t.enter(1 + (i % 7), i * 100).exit(1 + (i % 7), i * 100 + 50)
      await opened.store.ingest(t.batch({ session }))
    }
    const result = await opened.store.applyRetention()
    expect(result.deletedSessions).toEqual([])
    await opened.store.close()
    const store = await createStore({ file: opened.file, retention: { maxBytes: 1 } })
    try {
      expect(formatRows(await store.query(`SELECT session_id[-2:] AS session, (SELECT count(*) FROM calls) AS calls, (SELECT count(*) FROM threads) AS threads,
        (SELECT count(*) FROM _site_rollups) > 0 AS has_rollups FROM sessions`))).toMatchInlineSnapshot(`
          "
          session calls threads has_rollups
          03      3000  1       true
          "
        `)
    }
    finally {
      await store.close()
    }
  })

  it('deletes sessions older than maxAgeHours at open', async () => {
    const opened = await tempStore()
    cleanups.push(opened.dispose)
    await opened.store.ingest(trace().enter(1, 0).messageSend(1, 1, false, 0).exit(1, 1).batch({ session: 1 }))
    await opened.store.ingest(trace().enter(1, 0).messageSend(1, 1, false, 0).exit(1, 1).batch({ session: 2 }))
    await opened.store.close()
    const instance = await DuckDBInstance.create(opened.file)
    const connection = await instance.connect()
    await connection.run(`UPDATE sessions SET first_seen = first_seen - INTERVAL 3 DAY WHERE session_id LIKE '%01'`)
    connection.closeSync()
    instance.closeSync()
    const store = await createStore({ file: opened.file, retention: { maxAgeHours: 48 } })
    try {
      expect(await store.query(`SELECT session_id[-2:] AS session FROM sessions`)).toEqual([{ session: '02' }])
      expect(await store.query(`SELECT count(*) AS calls FROM calls`)).toEqual([{ calls: 1 }])
      expect(await store.query(`SELECT count(*) AS messages FROM message_sends`)).toEqual([{ messages: 1 }])
    }
    finally {
      await store.close()
    }
  })
})

describe('queryTraceFile', () => {
  it('opens the file read-only when nobody writes it', async () => {
    const opened = await tempStore()
    await opened.store.ingest(trace().enter(1, 0).exit(1, 1).batch())
    await opened.store.close()
    cleanups.push(opened.dispose)
    expect(await queryTraceFile(opened.file, 'SELECT count(*) AS n FROM calls')).toMatchObject({ via: 'file', rows: [[1]] })
  })

  it('sends the query to the collector advertised next to a file another process holds', async () => {
    const { dir, dispose } = tempDir()
    cleanups.push(dispose)
    const file = join(dir, 'trace.duckdb')
    // The "collector": another process that holds the file and answers /api/sql over HTTP.
    const child = spawn(process.execPath, ['--import', fileURLToPath(new URL('../test/ts-loader.mjs', import.meta.url)), '--input-type=module', '-e', `
      import { createServer } from 'node:http'
      import { createStore } from '@execscope/store'
      import { trace } from ${JSON.stringify(fileURLToPath(new URL('../test/trace-builder.ts', import.meta.url)))}
      const store = await createStore({ file: ${JSON.stringify(file)} })
      await store.ingest(trace().enter(1, 0).enter(2, 5).exit(2, 6).exit(1, 10).batch())
      const server = createServer(async (req, res) => {
        let body = ''
        for await (const part of req) body += part
        const table = await store.queryTable(JSON.parse(body).sql)
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify({ columns: table.columns, rows: table.rows, truncated: table.isTruncated }))
      })
      server.listen(0, '127.0.0.1', () => {
        store.advertiseCollector('http://127.0.0.1:' + server.address().port + '/__execscope/api/sql')
        process.stdout.write('ready\\n')
      })
      process.stdin.on('end', async () => { server.close(); await store.close(); process.exit(0) })
      process.stdin.resume()
    `], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['pipe', 'pipe', 'inherit'] })
    await new Promise<void>((resolve, reject) => {
      child.stdout!.once('data', () => resolve())
      child.once('exit', code => reject(new Error(`collector exited with ${code}`)))
    })
    try {
      expect(JSON.parse(readFileSync(`${file}.collector.json`, 'utf8'))).toMatchObject({ pid: child.pid })
      expect(await queryTraceFile(file, 'SELECT count(*) AS n FROM calls')).toMatchObject({ via: 'collector', rows: [[2]], columns: [{ name: 'n', type: 'BIGINT' }] })
    }
    finally {
      child.stdin!.end()
      await new Promise(resolve => child.once('exit', resolve))
    }
    expect(existsSync(`${file}.collector.json`)).toBe(false)
    expect(await queryTraceFile(file, 'SELECT count(*) AS n FROM calls')).toMatchObject({ via: 'file', rows: [[2]] })
  })
})

