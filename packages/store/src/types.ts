import type { DecodedBatch, SiteRow } from '@execscope/core'
import type { QueryTable } from './read-query.ts'

/** Options of `createStore`. */
export interface StoreOptions {
  /** Absolute path of the DuckDB trace file; missing parent directories are created. */
  file: string
  /**
   * Open an existing trace file for queries only (no schema changes, no ingest); other read-only
   * clients may open it at the same time.
   * @default false
   */
  readOnly?: boolean
  /** @internal Fault injection for tests: runs inside the batch transaction, after the appends, before COMMIT. */
  beforeCommit?: () => void
}

/** What one stored batch added. */
export interface IngestResult {
  /** Call rows written (calls that ended in this batch, plus calls given up as unfinished). */
  calls: number
  /** Records counted in `drops` rows by this batch (lost, skipped or orphaned). */
  dropped: number
  /** Calls of the batch's thread still open (running or suspended) after it. */
  openCalls: number
}

/** One line of the "top functions by self time" table. */
export interface TopSelfRow {
  name: string
  file: string
  line: number
  calls: number
  selfMs: number
}

/** The numbers the demo and `execscope summary` print. */
export interface TraceSummary {
  file: string
  sessions: number
  threads: number
  calls: number
  throws: number
  /** Sum of `drops.count`: records lost (ring full, gaps) or that could not be placed (orphans). */
  dropped: number
  /** Top 10 functions by self time. */
  topSelf: TopSelfRow[]
}

/** A trace file open for recording (or, with `readOnly`, for queries). */
export interface Store {
  /** Absolute path of the trace file. */
  readonly file: string
  /** Upserts manifest rows for one module version (moduleHash identifies the version). */
  upsertSites: (rows: SiteRow[], moduleHash: string) => Promise<void>
  /**
   * Correlates one decoded batch and persists its rows; one DuckDB transaction per batch: stored
   * whole or not at all. Serialised internally (safe to call concurrently). Rejects with
   * `BatchSequenceError` when the batch repeats records already stored.
   */
  ingest: (batch: DecodedBatch, context?: { userAgent?: string }) => Promise<IngestResult>
  /**
   * Read-only query; rejects anything but a single read statement (SELECT, WITH, FROM, DESCRIBE,
   * SUMMARIZE, EXPLAIN) with an ExecscopeError. BIGINTs come back as numbers when safe, strings otherwise.
   */
  query: (sql: string) => Promise<Record<string, unknown>[]>
  /** Like `query`, with column names and types, rows as arrays, and at most `maxRows` rows. */
  queryTable: (sql: string, options?: { maxRows?: number }) => Promise<QueryTable>
  /** The demo/CLI summary of what is stored (calls still open are not counted). */
  summary: () => Promise<TraceSummary>
  /** Writes still-open calls as status 'unfinished', checkpoints and closes the file so any DuckDB client can open it. Idempotent. */
  close: () => Promise<void>
}
