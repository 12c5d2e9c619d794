import { DuckDBInstance } from '@duckdb/node-api'

/**
 * Opens a trace file read-only with DuckDB itself (not through our store), runs one query and
 * returns plain rows with BIGINTs as numbers.
 */
export async function queryTrace(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' })
  const connection = await instance.connect()
  try {
    const reader = await connection.runAndReadAll(sql)
    return reader.getRowObjectsJS().map(row =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])))
  }
  finally {
    connection.closeSync()
    instance.closeSync()
  }
}
