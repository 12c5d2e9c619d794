import type { DecodedBatch, SiteRow } from '@execscope/core'
import type { CallRow } from './correlate/rows.ts'
import type { QueryParam, QueryTable } from './read-query.ts'

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
  /**
   * Delete the oldest sessions (all their rows) beyond these limits, at open and every
   * `checkIntervalMs` while recording. The newest session is never deleted.
   * @default no limits
   * @example { maxAgeHours: 24 * 7, maxBytes: 2 ** 30 }
   */
  retention?: RetentionOptions
  /**
   * How long a batch that arrives ahead of its thread's next expected sequence number waits for
   * the batches before it, and how many may wait per thread; after that the missing records are
   * recorded as a gap (a `drops` row with reason 'gap') and the batch is stored.
   * @default { holdMs: 1000, maxHeldBatches: 16 }
   */
  reorder?: { holdMs?: number, maxHeldBatches?: number }
  /**
   * Calls per thread kept in memory for `recent()` (the live panel), newest last.
   * @default 1000
   */
  recentCallsPerThread?: number
  /**
   * Most records one commit takes: batches that arrive while a commit runs are stored together
   * in the next one (group commit; each batch is still stored whole or not at all, and a batch is
   * acknowledged only once committed).
   * @default 1048576 (measured: 8% faster ingest than 524 288 on the 10 M-event bench, 30% faster than 262 144)
   */
  maxRecordsPerCommit?: number
  /**
   * Link-out tokens each thread remembers while their effects have not run yet (and after, for
   * effects that repeat, like an interval's); past it the oldest are forgotten, counted in
   * `batches.forgotten_causes`, and an effect that comes later for one of them is not linked.
   * @default 65536
   */
  maxLinkCausesPerThread?: number
  /**
   * @internal For tests: when the rollup tables' partial rows are merged (at least `minRows`, and
   * `idleMs` after the last batch arrived) and past how many they are merged even while batches
   * keep arriving.
   */
  rollupCompaction?: { minRows?: number, idleMs?: number, busyRows?: number }
  /** @internal Fault injection for tests: runs inside the batch transaction, after the appends, before COMMIT. */
  beforeCommit?: () => void
}

/** Retention limits; see `StoreOptions.retention`. */
export interface RetentionOptions {
  /** Delete sessions first seen longer ago than this. */
  maxAgeHours?: number
  /** Delete the oldest sessions while the file's used blocks exceed this many bytes. */
  maxBytes?: number
  /**
   * How often to apply the limits while the store is open.
   * @default 60000
   */
  checkIntervalMs?: number
}

/** What `applyRetention` deleted. */
export interface RetentionResult {
  deletedSessions: string[]
  /** Bytes of used blocks after deletion. */
  bytes: number
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

/** A call in the recent window: a `calls` row, with times counted from the session's time origin. */
export interface RecentCall extends CallRow {
  utid: number
  sessionId: string
  threadId: number
}

/** One line of the "top functions by self time" table. */
export interface TopSelfRow {
  name: string
  file: string
  line: number
  calls: number
  /**
   * Calls whose duration was measured (calls_slowest.measured_calls). The others were not timed
   * (the runtime samples a hot function's calls): their time is in their callers' self time.
   * Absent: all of them.
   */
  timedCalls?: number
  selfMs: number
}

/**
 * One line of the "hot functions, counted" table: a function whose calls the runtime counted instead
 * of recording (hot and short). Their time was not measured: it is in the self time of the
 * recorded call each counted stretch ran in.
 */
export interface TopCountedRow {
  name: string
  file: string
  line: number
  /** Calls counted (not in `calls`). */
  counted: number
  /** Calls recorded (the timed ones before it was counted, then one sample in 1024). */
  recorded: number
}

/** One line of the "most frequent thrown errors" table: what was thrown, how often, and where first. */
export interface TopErrorRow {
  /** The Error's name ('TypeError'); null when what was thrown is not an Error (or its name was not a string). */
  errorName: string | null
  /** The Error's message ('' when it had none that was a string); for a thrown value that is not an Error, its preview as compact JSON ('"boom"', '{"code":42}'). */
  message: string
  /** How many times it was thrown: once per throw, however many frames it propagated through. */
  count: number
  /** The function that threw it first (the innermost frame), or 'site#<id>' when its manifest row is missing. */
  name: string
  /** That function's source file ('' when its manifest row is missing). */
  file: string
  /** That function's 1-based line (0 when its manifest row is missing). */
  line: number
}

/** The numbers the demo and `execscope summary` print. */
export interface TraceSummary {
  file: string
  sessions: number
  threads: number
  calls: number
  /** Calls that ended by throwing, each frame an error propagated through included. */
  throws: number
  /** Errors thrown: throwing calls that did not just pass on what their last callee threw (one per error, however many frames it went through). */
  errors: number
  /**
   * Records lost (ring full, gaps, never sent) or that could not be placed (orphans, malformed
   * value previews): the sum of `drops.count` and of `unsent_records.unsent`.
   */
  dropped: number
  /** Of those, records never sent: the page closed or the process ended first (`unsent_records`). */
  unsent: number
  /** Sum of `counted_calls.calls`: calls of hot, short functions counted between samples instead of recorded. */
  countedCalls: number
  /** Top 10 functions by self time. */
  topSelf: TopSelfRow[]
  /** Up to 5 functions with the most counted calls, most first. */
  topCounted: TopCountedRow[]
  /**
   * The 5 most frequent thrown values whose previews were captured, most frequent first: Errors
   * grouped by name and message, other values by preview.
   */
  topErrors: TopErrorRow[]
  /**
   * The runtimes' own estimate of what recording cost, relative to the rest of the run, over the
   * threads that reported it (null when none did: a build without probes in a browser, or a run too short to report).
   */
  recordingCost: number | null
  /** Rows of `state_changes`. */
  stateChanges: number
  /**
   * The 3 targets changed most often, most changed first. A target is named per thread
   * (`Semaphore#1` is the first Semaphore changed on its thread): one name of several threads (a
   * test file each, say) is counted over all of them, with how many.
   */
  topStateTargets: Array<{ target: string, changes: number, threads: number }>
  /** Messages between threads and their workers (`message_pairs`), and how many have both sides recorded. */
  messages: { total: number, paired: number }
}

/** What a runtime reports about itself (`POST /__execscope/stats`); see `@execscope/runtime`'s RuntimeStats. */
export interface RuntimeStatsReport {
  sessionId: string
  threadId: number
  stats: {
    records: number
    timedRecords: number
    drops: number
    overwritten: number
    estimatedHotPathNs: number
    drainNs: number
    sendNs: number
    elapsedNs: number
    estimatedOverhead: number
  }
}

/** Where a batch came from, and who wants to hear that it waits. */
export interface IngestContext {
  /** User-Agent of the request, stored with a new session. */
  userAgent?: string
  /**
   * Called (once, soon after `ingest`) when the batch is ahead of its thread's sequence and waits
   * in the reorder buffer for the batches before it: a collector can answer the sender now rather
   * than when the wait ends. The promise of `ingest` still settles when the batch is stored.
   */
  onHeld?: () => void
}

/** A trace file open for recording (or, with `readOnly`, for queries). */
export interface Store {
  /** Absolute path of the trace file. */
  readonly file: string
  /** Upserts manifest rows for one module version (moduleHash identifies the version). */
  upsertSites: (rows: SiteRow[], moduleHash: string) => Promise<void>
  /**
   * Correlates one decoded batch and persists its rows; resolves once they are committed. A batch
   * is stored whole or not at all; batches that arrive while a commit runs share the next one.
   * A batch ahead of its thread's sequence waits (see `reorder`) for the ones before it. Rejects
   * with `BatchSequenceError` when the batch repeats records already stored or waiting.
   */
  ingest: (batch: DecodedBatch, context?: IngestContext) => Promise<IngestResult>
  /**
   * Read-only query; rejects anything but a single read statement (SELECT, WITH, FROM, DESCRIBE,
   * SUMMARIZE, EXPLAIN) with an ExecscopeError. `params` fill `$1`, `$2`… BIGINTs come back as
   * numbers when safe, strings otherwise.
   */
  query: (sql: string, params?: readonly QueryParam[]) => Promise<Record<string, unknown>[]>
  /** Like `query`, with column names and types, rows as arrays, and at most `maxRows` rows. */
  queryTable: (sql: string, options?: { maxRows?: number, params?: readonly QueryParam[] }) => Promise<QueryTable>
  /** The demo/CLI summary of what is stored (calls still open are not counted). */
  summary: () => Promise<TraceSummary>
  /** Stores a runtime's report about itself; rejects a malformed one with ExecscopeError ES_BAD_BATCH. */
  recordRuntimeStats: (report: unknown) => Promise<void>
  /**
   * Resolves once every batch and runtime report handed over so far (and while waiting) is stored
   * or refused; a batch held for a gap waits up to `reorder.holdMs`. A collector that answers
   * batches once queued waits for this before it reports what the trace holds.
   */
  settled: () => Promise<void>
  /** The newest calls of one thread (`utid`) or of all threads, newest last, from memory: no query. */
  recent: (limit?: number, utid?: number) => RecentCall[]
  /** Applies `retention` now; resolves with what it deleted. */
  applyRetention: () => Promise<RetentionResult>
  /**
   * Tells other processes where to send queries while this store holds the file: writes
   * `<file>.collector.json` with the URL of the collector's `/api/sql` endpoint (removed at close).
   * `queryTraceFile` reads it when the file is locked.
   * @example store.advertiseCollector('http://127.0.0.1:5173/__execscope/api/sql')
   */
  advertiseCollector: (sqlUrl: string) => void
  /** Stores batches still waiting for a gap, writes still-open calls as status 'unfinished', checkpoints and closes the file so any DuckDB client can open it. Idempotent. */
  close: () => Promise<void>
}
