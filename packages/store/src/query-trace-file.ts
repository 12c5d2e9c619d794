import type { QueryParam, QueryTable } from './read-query.ts'
import { readFileSync } from 'node:fs'
import process from 'node:process'
import { ExecscopeError } from '@execscope/core'
import { createStore } from './create-store.ts'

/** A query's answer, and where it came from. */
export interface TraceFileAnswer extends QueryTable {
  /** 'file' when the trace file was opened read-only; 'collector' when it was locked and the running collector answered. */
  via: 'file' | 'collector'
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  }
  catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Runs one read-only query on a trace file: opens it read-only, or, when a running collector
 * holds it (DuckDB allows no reader while a process writes), sends the query to that collector's
 * `/api/sql`, found through `<file>.collector.json` (see `Store.advertiseCollector`).
 *
 * @example
 * const { columns, rows } = await queryTraceFile('.execscope/trace.duckdb', 'select count(*) from calls')
 */
export async function queryTraceFile(file: string, sql: string, options: { maxRows?: number, params?: readonly QueryParam[] } = {}): Promise<TraceFileAnswer> {
  let store
  try {
    store = await createStore({ file, readOnly: true })
  }
  catch (error) {
    if (!(error instanceof ExecscopeError && /in use by another process/.test(error.message))) throw error
    return await forward(file, sql, options, error)
  }
  try {
    return { ...(await store.queryTable(sql, options)), via: 'file' }
  }
  finally {
    await store.close()
  }
}

async function forward(file: string, sql: string, options: { maxRows?: number, params?: readonly QueryParam[] }, lockError: ExecscopeError): Promise<TraceFileAnswer> {
  let advert: { sqlUrl?: unknown, pid?: unknown }
  try {
    advert = JSON.parse(readFileSync(`${file}.collector.json`, 'utf8')) as typeof advert
  }
  catch {
    throw lockError
  }
  if (typeof advert.sqlUrl !== 'string' || (typeof advert.pid === 'number' && !isAlive(advert.pid))) throw lockError
  if (options.params !== undefined && options.params.length > 0)
    throw new ExecscopeError('ES_BAD_QUERY', `The trace file ${file} is being recorded by the collector at ${advert.sqlUrl}, which takes queries without parameters; inline the values.`)
  let response: Response
  try {
    response = await fetch(advert.sqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql }) })
  }
  catch (error) {
    throw new ExecscopeError('ES_TRACE_FILE', `The trace file ${file} is in use by a collector that does not answer at ${advert.sqlUrl} (${error instanceof Error ? error.message : String(error)}). Stop the process that records into it, or try again.`, { cause: error })
  }
  const body = await response.json() as { columns?: QueryTable['columns'], rows?: unknown[][], truncated?: boolean, error?: string }
  if (!response.ok || body.error !== undefined)
    throw new ExecscopeError(response.status === 400 ? 'ES_BAD_QUERY' : 'ES_TRACE_FILE', (body.error ?? `The collector at ${advert.sqlUrl} answered ${response.status}.`).replace(/^\[execscope\] /, ''))
  let rows = body.rows ?? []
  const isTruncated = body.truncated === true || (options.maxRows !== undefined && rows.length > options.maxRows)
  if (options.maxRows !== undefined) rows = rows.slice(0, options.maxRows)
  return { columns: body.columns ?? [], rows, isTruncated, via: 'collector' }
}
