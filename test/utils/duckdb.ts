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

/**
 * Per function (site) whose calls match `where` (SQL over `calls c` and `sites s`): its name,
 * file and line, how many calls and how many threw, in file, line and name order.
 */
export function callsPerSite(file: string, where = 'true'): Promise<Record<string, unknown>[]> {
  return queryTrace(file, `select s.name, s.file, s.line, count(*) as calls, count(*) filter (where c.status = 'throw') as throws
    from calls c join sites s using (site_id) where ${where} group by all order by s.file, s.line, s.name`)
}
