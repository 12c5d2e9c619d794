import type { DuckDBAppender } from '@duckdb/node-api'
import type { DropRow } from '../correlate/rows.ts'
import type { ThreadTarget } from './thread-target.ts'

/** Appends drop rows in the column order of `drops.sql`. */
export function appendDrops(appender: DuckDBAppender, target: ThreadTarget, rows: readonly DropRow[]): void {
  for (const row of rows) {
    appender.appendVarchar(target.sessionId)
    appender.appendUInteger(target.threadId)
    appender.appendBigInt(BigInt(row.ts + target.tsOffset))
    appender.appendBigInt(BigInt(row.count))
    appender.appendVarchar(row.reason)
    appender.endRow()
  }
}
