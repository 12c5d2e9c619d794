import type { DuckDBAppender } from '@duckdb/node-api'
import type { DecodedBatch, SiteRow } from '@execscope/core'
import type { CallRow, DropRow } from './correlate/rows.ts'
import type { ThreadState } from './correlate/thread-state.ts'
import type { ThreadTarget } from './persist/thread-target.ts'
import type { IngestResult, Store, StoreOptions, TraceSummary } from './types.ts'
import { ExecscopeError } from '@execscope/core'
import { correlateBatch, finishThread } from './correlate/correlate-batch.ts'
import { createThreadState } from './correlate/thread-state.ts'
import { openDatabase } from './open-database.ts'
import { appendCallChunks } from './persist/append-chunks.ts'
import { appendDrops } from './persist/append-drops.ts'
import { runReadQuery } from './read-query.ts'
import { createSerialQueue } from './serial-queue.ts'

interface KnownThread extends ThreadTarget {
  utid: number
  nextSeq: number
}

function threadKey(sessionId: string, threadId: number): string {
  return `${sessionId}/${threadId}`
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Opens (creating if needed) a trace file for recording. */
export async function createStore(options: StoreOptions): Promise<Store> {
  const file = options.file
  const isReadOnly = options.readOnly === true
  const { instance, connection } = await openDatabase(file, { isReadOnly })
  const serial = createSerialQueue()

  const first = async (sql: string): Promise<unknown[]> => (await connection.runAndReadAll(sql)).getRowsJS()[0] ?? []
  let nextCallId = Number((await first('SELECT coalesce(max(call_id), 0) + 1 FROM calls'))[0])
  let nextUtid = Number((await first('SELECT coalesce(max(utid), 0) + 1 FROM threads'))[0])
  const sessionOrigins = new Map<string, number>()
  for (const [id, origin] of (await connection.runAndReadAll('SELECT session_id, time_origin_ms FROM sessions')).getRowsJS())
    sessionOrigins.set(String(id), Number(origin))
  const threads = new Map<string, KnownThread>()
  for (const [sessionId, threadId, utid, tsOffset, nextSeq] of (await connection.runAndReadAll('SELECT session_id, thread_id, utid, ts_offset, next_seq FROM threads')).getRowsJS()) {
    threads.set(threadKey(String(sessionId), Number(threadId)), { sessionId: String(sessionId), threadId: Number(threadId), utid: Number(utid), tsOffset: Number(tsOffset), nextSeq: Number(nextSeq) })
  }
  const states = new Map<string, ThreadState>()

  let isClosed = false
  let closing: Promise<void> | undefined
  const inFlightQueries = new Set<Promise<unknown>>()

  const assertOpen = (): void => {
    if (isClosed || closing) throw new ExecscopeError('ES_TRACE_FILE', `The trace store for ${file} is closed.`)
  }
  const assertWritable = (what: string): void => {
    assertOpen()
    if (isReadOnly) throw new ExecscopeError('ES_TRACE_FILE', `Cannot ${what}: ${file} was opened read-only.`)
  }

  /** Runs `write` in one transaction with fresh appenders; rolls back and discards buffered rows on any failure. */
  const inTransaction = async (write: (appenders: { calls: DuckDBAppender, drops: DuckDBAppender }) => Promise<void>): Promise<void> => {
    const open: DuckDBAppender[] = []
    await connection.run('BEGIN TRANSACTION')
    try {
      const calls = await connection.createAppender('calls')
      open.push(calls)
      const drops = await connection.createAppender('drops')
      open.push(drops)
      await write({ calls, drops })
      // Closing flushes the appenders into the open transaction; COMMIT makes them durable.
      while (open.length > 0) open.pop()!.closeSync()
      options.beforeCommit?.()
      await connection.run('COMMIT')
    }
    catch (error) {
      // Drop what the appenders still buffer, so nothing reaches a later transaction when they are collected.
      for (const appender of open) {
        try {
          appender.clear()
          appender.closeSync()
        }
        catch {}
      }
      await connection.run('ROLLBACK').catch(() => {})
      throw error
    }
  }

  const ingest = (batch: DecodedBatch, context?: { userAgent?: string }): Promise<IngestResult> => serial(async () => {
    assertWritable('store a batch')
    const key = threadKey(batch.sessionId, batch.threadId)
    const known = threads.get(key)
    const state = states.get(key) ?? createThreadState(known?.nextSeq)
    // Throws BatchSequenceError for duplicates before anything is written.
    const result = correlateBatch(state, batch, nextCallId)
    const sessionOrigin = sessionOrigins.get(batch.sessionId)
    const target: KnownThread = known ?? {
      sessionId: batch.sessionId,
      threadId: batch.threadId,
      utid: nextUtid,
      tsOffset: sessionOrigin === undefined ? 0 : Math.round((batch.timeOriginMs - sessionOrigin) * 1e6),
      nextSeq: 0,
    }
    const nextSeq = result.state.nextSeq ?? 0
    try {
      await inTransaction(async (appenders) => {
        if (sessionOrigin === undefined) {
          await connection.run('INSERT INTO sessions VALUES ($1, $2, now(), $3)', [batch.sessionId, batch.timeOriginMs, context?.userAgent ?? null])
        }
        if (!known) {
          await connection.run('INSERT INTO threads VALUES ($1, $2, $3, $4, $5, $6, $7)', [
            batch.sessionId,
            batch.threadId,
            target.utid,
            batch.threadId === 0 ? 'main' : `thread ${batch.threadId}`,
            batch.timeOriginMs,
            BigInt(target.tsOffset),
            BigInt(nextSeq),
          ])
        }
        else {
          await connection.run('UPDATE threads SET next_seq = $1 WHERE session_id = $2 AND thread_id = $3', [BigInt(nextSeq), batch.sessionId, batch.threadId])
        }
        appendCallChunks(appenders.calls, target, result.calls)
        appendDrops(appenders.drops, target, result.drops)
      })
    }
    catch (error) {
      throw new ExecscopeError('ES_INTERNAL', `Could not store a batch of thread ${batch.threadId} of session ${batch.sessionId} in ${file}: ${messageOf(error)}. Nothing of it was stored.`, { cause: error })
    }
    // The state advances only once its rows are committed, so a failed batch can be sent again.
    states.set(key, result.state)
    nextCallId = result.nextCallId
    if (sessionOrigin === undefined) sessionOrigins.set(batch.sessionId, batch.timeOriginMs)
    threads.set(key, { ...target, nextSeq })
    if (!known) nextUtid++
    return {
      calls: result.calls.length,
      dropped: result.drops.reduce((sum, drop) => sum + drop.count, 0),
      openCalls: result.state.stack.length + result.state.suspended.size,
    }
  })

  const upsertSites = (rows: SiteRow[], moduleHash: string): Promise<void> => serial(async () => {
    assertWritable('store sites')
    // ON CONFLICT cannot update one key twice in a statement; the last row of a site wins.
    const bySite = new Map<number, SiteRow>()
    for (const row of rows) bySite.set(row.siteId, row)
    if (bySite.size === 0) return
    const statement = await connection.prepare(`INSERT INTO sites VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
      ON CONFLICT (site_id) DO UPDATE SET key = excluded.key, kind = excluded.kind, name = excluded.name, file = excluded.file,
        line = excluded.line, col = excluded.col, is_async = excluded.is_async, is_generator = excluded.is_generator, module_hash = excluded.module_hash`)
    await connection.run('BEGIN TRANSACTION')
    try {
      for (const row of bySite.values()) {
        statement.bind([row.siteId, row.key, row.kind, row.name, row.file, row.line, row.column, row.isAsync, row.isGenerator, moduleHash])
        await statement.run()
      }
      await connection.run('COMMIT')
    }
    catch (error) {
      await connection.run('ROLLBACK').catch(() => {})
      throw new ExecscopeError('ES_INTERNAL', `Could not store ${bySite.size} sites of module version ${JSON.stringify(moduleHash)} in ${file}: ${messageOf(error)}.`, { cause: error })
    }
    finally {
      statement.destroySync()
    }
  })

  const track = async <T>(run: () => Promise<T>): Promise<T> => {
    assertOpen()
    const promise = run()
    inFlightQueries.add(promise)
    const forget = (): void => void inFlightQueries.delete(promise)
    promise.then(forget, forget)
    return await promise
  }

  const queryTable: Store['queryTable'] = (sql, queryOptions) => track(() => runReadQuery(instance, sql, queryOptions?.maxRows))

  const query: Store['query'] = async (sql) => {
    const table = await queryTable(sql)
    return table.rows.map((row) => {
      const out: Record<string, unknown> = {}
      table.columns.forEach((column, i) => (out[column.name] = row[i]))
      return out
    })
  }

  const summary = async (): Promise<TraceSummary> => {
    const [totals] = await query(`SELECT (SELECT count(*) FROM sessions) AS sessions, (SELECT count(*) FROM threads) AS threads,
      (SELECT count(*) FROM calls) AS calls, (SELECT count(*) FROM calls WHERE status = 'throw') AS throws,
      (SELECT coalesce(sum(count), 0) FROM drops) AS dropped`)
    const top = await query(`SELECT name, coalesce(file, '') AS file, coalesce(line, 0) AS line, calls, self_dur
      FROM calls_slowest ORDER BY self_dur DESC, site_id LIMIT 10`)
    return {
      file,
      sessions: Number(totals!.sessions),
      threads: Number(totals!.threads),
      calls: Number(totals!.calls),
      throws: Number(totals!.throws),
      dropped: Number(totals!.dropped),
      topSelf: top.map(row => ({ name: String(row.name), file: String(row.file), line: Number(row.line), calls: Number(row.calls), selfMs: Number(row.self_dur) / 1e6 })),
    }
  }

  const finish = async (): Promise<void> => {
    if (!isReadOnly) {
      const open: Array<{ target: ThreadTarget, calls: CallRow[], drops: DropRow[] }> = []
      for (const [key, state] of states) {
        const calls = finishThread(state)
        if (calls.length > 0) open.push({ target: threads.get(key)!, calls, drops: [] })
      }
      if (open.length > 0) {
        await inTransaction(async (appenders) => {
          for (const thread of open) appendCallChunks(appenders.calls, thread.target, thread.calls)
        })
      }
      states.clear()
      await connection.run('CHECKPOINT')
    }
    await Promise.allSettled([...inFlightQueries])
    connection.closeSync()
    instance.closeSync()
    isClosed = true
  }

  const close = (): Promise<void> => (closing ??= serial(finish))

  return { file, upsertSites, ingest, query, queryTable, summary, close }
}

