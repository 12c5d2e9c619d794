import type { DuckDBConnection } from '@duckdb/node-api'
import type { RetentionOptions, RetentionResult } from './types.ts'

/** Tables with a `utid` column: what a session's threads own. */
const PER_THREAD_TABLES = ['calls', 'call_segments', 'call_origins', 'values', 'drops', 'batches', 'state_records', 'message_sends', 'message_receives', '_site_rollups', 'counted_calls']

async function usedBytes(connection: DuckDBConnection): Promise<number> {
  const row = (await connection.runAndReadAll('SELECT used_blocks * block_size FROM pragma_database_size()')).getRowsJS()[0]
  return Number(row?.[0] ?? 0)
}

async function deleteSession(connection: DuckDBConnection, sessionId: string): Promise<void> {
  const utids = `(SELECT utid FROM threads WHERE session_id = $1)`
  await connection.run('BEGIN TRANSACTION')
  try {
    for (const table of PER_THREAD_TABLES) await connection.run(`DELETE FROM ${table} WHERE utid IN ${utids}`, [sessionId])
    await connection.run(`DELETE FROM links WHERE from_utid IN ${utids} OR to_utid IN ${utids}`, [sessionId])
    await connection.run('DELETE FROM runtime_stats WHERE session_id = $1', [sessionId])
    await connection.run('DELETE FROM threads WHERE session_id = $1', [sessionId])
    await connection.run('DELETE FROM sessions WHERE session_id = $1', [sessionId])
    await connection.run('COMMIT')
  }
  catch (error) {
    await connection.run('ROLLBACK').catch(() => {})
    throw error
  }
}

/** The duration histogram is kept per site across threads: rebuilt from what calls remain, then checkpointed so freed blocks count. */
async function rebuildHistogram(connection: DuckDBConnection): Promise<void> {
  await connection.run('BEGIN TRANSACTION')
  try {
    await connection.run('DELETE FROM _site_dur_hist')
    await connection.run(`INSERT INTO _site_dur_hist SELECT site_id, _dur_bucket(dur), count(*) FROM calls WHERE timing = 'measured' GROUP BY ALL`)
    await connection.run('COMMIT')
  }
  catch (error) {
    await connection.run('ROLLBACK').catch(() => {})
    throw error
  }
  await connection.run('CHECKPOINT')
}

/**
 * Deletes whole sessions, oldest first, beyond the limits: first those seen longer ago than
 * `maxAgeHours`, then while the used blocks exceed `maxBytes` (checkpointing after each, so freed
 * blocks count). The newest session always stays.
 */
export async function applyRetention(connection: DuckDBConnection, options: RetentionOptions): Promise<RetentionResult> {
  const deletedSessions: string[] = []
  const sessions = (await connection.runAndReadAll('SELECT session_id, epoch_ms(first_seen) FROM sessions ORDER BY first_seen, session_id')).getRowsJS()
    .map(([id, seen]) => ({ id: String(id), seenMs: Number(seen) }))
  const removable = sessions.slice(0, -1)
  if (options.maxAgeHours !== undefined) {
    const cutoff = Date.now() - options.maxAgeHours * 3_600_000
    while (removable.length > 0 && removable[0]!.seenMs < cutoff) {
      const session = removable.shift()!
      await deleteSession(connection, session.id)
      deletedSessions.push(session.id)
    }
  }
  if (deletedSessions.length > 0) await rebuildHistogram(connection)
  let bytes = await usedBytes(connection)
  if (options.maxBytes !== undefined) {
    while (bytes > options.maxBytes && removable.length > 0) {
      const session = removable.shift()!
      await deleteSession(connection, session.id)
      deletedSessions.push(session.id)
      await rebuildHistogram(connection)
      bytes = await usedBytes(connection)
    }
  }
  return { deletedSessions, bytes }
}
