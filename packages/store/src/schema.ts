import { CALLS_SQL } from './sql/calls.sql.ts'
import { DROPS_SQL } from './sql/drops.sql.ts'
import { META_SQL } from './sql/meta.sql.ts'
import { SESSIONS_SQL } from './sql/sessions.sql.ts'
import { SITES_SQL } from './sql/sites.sql.ts'
import { VIEWS_SQL } from './sql/views.sql.ts'

/** Bump when a table changes incompatibly: files of another version are refused, not migrated. */
export const SCHEMA_VERSION: number = 1

/** The SQL modules, in the order they run at open. Every statement is idempotent. */
export const SCHEMA_MODULES: ReadonlyArray<{ name: string, sql: string }> = [
  { name: 'meta.sql', sql: META_SQL },
  { name: 'sessions.sql', sql: SESSIONS_SQL },
  { name: 'sites.sql', sql: SITES_SQL },
  { name: 'calls.sql', sql: CALLS_SQL },
  { name: 'drops.sql', sql: DROPS_SQL },
  { name: 'views.sql', sql: VIEWS_SQL },
]
