import { CALLS_VIEWS_SQL } from './sql/calls-views.sql.ts'
import { CALLS_SQL } from './sql/calls.sql.ts'
import { CAUSALITY_SQL } from './sql/causality.sql.ts'
import { DROPS_SQL } from './sql/drops.sql.ts'
import { MESSAGES_SQL } from './sql/messages.sql.ts'
import { META_SQL } from './sql/meta.sql.ts'
import { PERFETTO_SQL } from './sql/perfetto.sql.ts'
import { ROLLUPS_SQL } from './sql/rollups.sql.ts'
import { RUNTIME_STATS_SQL } from './sql/runtime-stats.sql.ts'
import { SESSIONS_SQL } from './sql/sessions.sql.ts'
import { SITES_SQL } from './sql/sites.sql.ts'
import { STATE_SQL } from './sql/state.sql.ts'
import { TREE_SQL } from './sql/tree.sql.ts'
import { VALUES_SQL } from './sql/values.sql.ts'

/** Bump when a table changes incompatibly: files of another version are refused, not migrated. */
export const SCHEMA_VERSION: number = 9

/** The SQL modules, in the order they run at open. Every statement is idempotent. */
export const SCHEMA_MODULES: ReadonlyArray<{ name: string, sql: string }> = [
  { name: 'meta.sql', sql: META_SQL },
  { name: 'sessions.sql', sql: SESSIONS_SQL },
  { name: 'sites.sql', sql: SITES_SQL },
  { name: 'calls.sql', sql: CALLS_SQL },
  { name: 'drops.sql', sql: DROPS_SQL },
  { name: 'rollups.sql', sql: ROLLUPS_SQL },
  { name: 'calls-views.sql', sql: CALLS_VIEWS_SQL },
  { name: 'values.sql', sql: VALUES_SQL },
  { name: 'perfetto.sql', sql: PERFETTO_SQL },
  { name: 'tree.sql', sql: TREE_SQL },
  // Before causality.sql: why() follows messages between threads.
  { name: 'messages.sql', sql: MESSAGES_SQL },
  { name: 'causality.sql', sql: CAUSALITY_SQL },
  { name: 'state.sql', sql: STATE_SQL },
  { name: 'runtime-stats.sql', sql: RUNTIME_STATS_SQL },
]
