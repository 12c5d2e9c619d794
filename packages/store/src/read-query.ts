import type { DuckDBInstance } from '@duckdb/node-api'
import { StatementType } from '@duckdb/node-api'
import { ExecscopeError } from '@execscope/core'

/** Rows of a read query with their column names and DuckDB types. */
export interface QueryTable {
  columns: Array<{ name: string, type: string }>
  rows: unknown[][]
  /** True when the result had more than `maxRows` rows and was cut. */
  isTruncated: boolean
}

/** A value for a `$1`-style placeholder; integral numbers are bound as BIGINT. */
export type QueryParam = string | number | bigint | boolean | null

const READ_TYPES: ReadonlySet<number> = new Set([StatementType.SELECT, StatementType.EXPLAIN])

/** Makes DuckDB's JS values JSON-friendly: BIGINT/HUGEINT as numbers when safe, as strings otherwise. */
export function toPlainValue(value: unknown): unknown {
  if (typeof value === 'bigint')
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString()
  if (Array.isArray(value)) return value.map(toPlainValue)
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(value)) out[key] = toPlainValue(inner)
    return out
  }
  return value
}

function sqlError(message: string, cause?: unknown): ExecscopeError {
  return new ExecscopeError('ES_BAD_QUERY', message, { cause })
}

function describeError(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/^Failed to extract statements: /, '')
}

/**
 * Runs one read statement (SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN) on a
 * connection of its own, inside a read-only transaction; anything else is refused.
 */
export async function runReadQuery(instance: DuckDBInstance, sql: string, maxRows?: number, params?: readonly QueryParam[]): Promise<QueryTable> {
  const connection = await instance.connect()
  try {
    let extracted
    try {
      extracted = await connection.extractStatements(sql)
    }
    catch (error) {
      throw sqlError(`SQL error: ${describeError(error)}`, error)
    }
    if (extracted.count !== 1)
      throw sqlError(`Expected exactly one SQL statement, got ${extracted.count}. Run them one at a time.`)
    let prepared
    try {
      prepared = await extracted.prepare(0)
    }
    catch (error) {
      throw sqlError(`SQL error: ${describeError(error)}`, error)
    }
    if (params !== undefined && params.length > 0) {
      try {
        prepared.bind(params.map(p => (typeof p === 'number' && Number.isInteger(p) ? BigInt(p) : p)))
      }
      catch (error) {
        throw sqlError(`Could not bind the query parameters: ${describeError(error)}`, error)
      }
    }
    if (!READ_TYPES.has(prepared.statementType)) {
      const kind = StatementType[prepared.statementType] ?? String(prepared.statementType)
      throw sqlError(`Only read queries are allowed here (SELECT, WITH, FROM, DESCRIBE, SUMMARIZE, EXPLAIN); got a ${kind} statement. The trace file is written by the collector alone.`)
    }
    await connection.run('BEGIN TRANSACTION READ ONLY')
    try {
      const reader = maxRows === undefined ? await prepared.runAndReadAll() : await prepared.streamAndReadUntil(maxRows + 1)
      const names = reader.columnNames()
      const types = reader.columnTypes()
      let rows = reader.getRowsJS() as unknown[][]
      const isTruncated = maxRows !== undefined && rows.length > maxRows
      if (isTruncated) rows = rows.slice(0, maxRows)
      return {
        columns: names.map((name, i) => ({ name, type: types[i]!.toString() })),
        rows: rows.map(row => row.map(toPlainValue)),
        isTruncated,
      }
    }
    catch (error) {
      throw sqlError(`SQL error: ${describeError(error)}`, error)
    }
    finally {
      await connection.run('ROLLBACK')
    }
  }
  finally {
    connection.closeSync()
  }
}
