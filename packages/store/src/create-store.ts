import type { DuckDBAppender, DuckDBConnection, DuckDBValue } from '@duckdb/node-api'
import type { DecodedBatch, SiteRow } from '@execscope/core'
import type { CallColumns, CountRow, DropRow, LinkRow, OriginRow, SegmentColumns, StateRow, ValueRow } from './correlate/rows.ts'
import type { ThreadState } from './correlate/thread-state.ts'
import type { MessageSideRow } from './correlate/message-rows.ts'
import type { MessageSideValues } from './persist/message-side-rows.ts'
import type { ThreadTarget } from './persist/thread-target.ts'
import type { IngestResult, RecentCall, RetentionResult, Store, StoreOptions, TraceSummary } from './types.ts'
import { rmSync, writeFileSync } from 'node:fs'
import process from 'node:process'
import { DuckDBDataChunk } from '@duckdb/node-api'
import { ExecscopeError } from '@execscope/core'
import { BatchContentError } from './correlate/batch-content-error.ts'
import { BatchSequenceError } from './correlate/batch-sequence-error.ts'
import { assertBatchTimes, correlateBatch, finishThread } from './correlate/correlate-batch.ts'
import { LINK_KINDS, VALUE_ROLES } from './correlate/rows.ts'
import { createThreadState, DEFAULT_MAX_LINK_CAUSES } from './correlate/thread-state.ts'
import { openDatabase } from './open-database.ts'
import { CallChunkWriter } from './persist/call-chunk-writer.ts'
import { addMessageSides } from './persist/message-side-rows.ts'
import { RollupBuilder } from './persist/rollup-builder.ts'
import { SegmentChunkWriter } from './persist/segment-chunk-writer.ts'
import { RecentWindow } from './recent-window.ts'
import { runReadQuery } from './read-query.ts'
import { applyRetention } from './retention.ts'
import { parseRuntimeStats } from './runtime-stats.ts'
import { createSerialQueue } from './serial-queue.ts'

const HALF_SEQ_RANGE = 2 ** 31
/** Farthest a thread's time origin may be from its session's. */
const MAX_ORIGIN_SPREAD_MS = 30 * 86_400_000
/** Merge the rollup tables once this many partial rows have been appended, when ingest is idle (see `compactWhenIdle`). */
const COMPACT_ROLLUP_ROWS = 200_000
/** How long ingest must have been idle before the rollup tables are merged. */
const COMPACT_IDLE_MS = 250
/** Past this many rows (and `COMPACT_BUSY_FACTOR` times the last merge), the rollups are merged even while batches keep arriving. */
const COMPACT_BUSY_ROWS = 2_000_000
const COMPACT_BUSY_FACTOR = 8

interface Pending {
  batch: DecodedBatch
  key: string
  userAgent: string | undefined
  /** Store it now even if it is ahead of its thread's sequence (its wait is over). */
  isForced: boolean
  /** Called once if the batch is held in the reorder buffer to wait for the batches before it. */
  onHeld: (() => void) | undefined
  resolve: (result: IngestResult) => void
  reject: (error: unknown) => void
}

/** One batch correlated within a commit. */
interface Placed {
  pending: Pending
  target: ThreadTarget
  calls: CallColumns
  segments: SegmentColumns
  drops: DropRow[]
  links: LinkRow[]
  origins: OriginRow[]
  values: ValueRow[]
  states: StateRow[]
  counts: CountRow[]
  messages: MessageSideRow[]
  forgottenCauses: number
  clockResolutionNs: number
  gap: number
  openCalls: number
}

/** What a commit adds on top of the committed state; merged in only once COMMIT succeeded. */
interface Work {
  placed: Placed[]
  states: Map<string, ThreadState>
  newThreads: Map<string, ThreadTarget>
  newSessions: Map<string, { timeOriginMs: number, userAgent: string | undefined }>
  nextCallId: number
  nextUtid: number
  /** Its commit (or one before it) failed; its batches were rejected. */
  isFailed: boolean
  /** Its transaction has been started. */
  isStarted: boolean
}

interface Held {
  bySeq: Map<number, Pending>
  timer: ReturnType<typeof setTimeout> | undefined
}

function threadKey(sessionId: string, threadId: number): string {
  return `${sessionId}/${threadId}`
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Keeps `promise` in `set` until it settles; returns it. */
function keepWhilePending<T>(set: Set<Promise<unknown>>, promise: Promise<T>): Promise<T> {
  set.add(promise)
  const forget = (): void => void set.delete(promise)
  promise.then(forget, forget)
  return promise
}

/** Appends small row sets (drops, batches, rollups) as one data chunk per 2048 rows. */
function appendRows(appender: DuckDBAppender, columnCount: number, rows: readonly DuckDBValue[][]): void {
  const types = Array.from({ length: columnCount }, (_, i) => appender.columnType(i))
  for (let start = 0; start < rows.length; start += 2048) {
    const part = rows.slice(start, start + 2048)
    const chunk = DuckDBDataChunk.create(types, part.length)
    chunk.setRows(part)
    appender.appendDataChunk(chunk)
  }
}

/** Opens (creating if needed) a trace file for recording, or with `readOnly` for queries. */
export async function createStore(options: StoreOptions): Promise<Store> {
  const file = options.file
  const isReadOnly = options.readOnly === true
  const holdMs = options.reorder?.holdMs ?? 1000
  const maxHeld = options.reorder?.maxHeldBatches ?? 16
  const maxRecordsPerCommit = options.maxRecordsPerCommit ?? 1 << 20
  const maxLinkCauses = options.maxLinkCausesPerThread ?? DEFAULT_MAX_LINK_CAUSES
  const compactMinRows = options.rollupCompaction?.minRows ?? COMPACT_ROLLUP_ROWS
  const compactIdleMs = options.rollupCompaction?.idleMs ?? COMPACT_IDLE_MS
  const compactBusyRows = options.rollupCompaction?.busyRows ?? COMPACT_BUSY_ROWS
  const { instance, connection, release } = await openDatabase(file, { isReadOnly })
  // A second connection for commits: one work's rows are appended while the other's COMMIT runs.
  const commitConnections: DuckDBConnection[] = isReadOnly ? [connection] : [connection, await instance.connect()]
  const serial = createSerialQueue()
  const recentWindow = new RecentWindow(options.recentCallsPerThread ?? 1000)
  const collectorFile = `${file}.collector.json`
  let hasCollectorFile = false

  const rowsOf = async (sql: string): Promise<unknown[][]> => (await connection.runAndReadAll(sql)).getRowsJS()
  let nextCallId = Number((await rowsOf('SELECT coalesce(max(call_id), 0) + 1 FROM calls'))[0]![0])
  let nextUtid = Number((await rowsOf('SELECT coalesce(max(utid), 0) + 1 FROM threads'))[0]![0])
  let nextBatchId = Number((await rowsOf('SELECT coalesce(max(batch_id), 0) + 1 FROM batches'))[0]![0])
  let rollupRows = Number((await rowsOf('SELECT (SELECT count(*) FROM _site_rollups) + (SELECT count(*) FROM _site_dur_hist)'))[0]![0])
  /** Rollup rows right after the last merge: merge again once the partial rows have grown past as many again. */
  let compactedRollupRows = rollupRows
  const sessionOrigins = new Map<string, number>()
  for (const [id, origin] of await rowsOf('SELECT session_id, time_origin_ms FROM sessions')) sessionOrigins.set(String(id), Number(origin))
  const threads = new Map<string, ThreadTarget>()
  for (const [utid, sessionId, threadId, origin, tsOffset] of await rowsOf('SELECT utid, session_id, thread_id, time_origin_ms, ts_offset FROM threads'))
    threads.set(threadKey(String(sessionId), Number(threadId)), { utid: Number(utid), sessionId: String(sessionId), threadId: Number(threadId), timeOriginMs: Number(origin), tsOffset: Number(tsOffset) })
  /** Next expected sequence number of threads stored in earlier runs (their stacks are gone). */
  const fileNextSeq = new Map<string, number>()
  for (const [sessionId, threadId, next] of await rowsOf(`SELECT t.session_id, t.thread_id, arg_max((b.first_seq + b.record_count) % 4294967296, b.batch_id)
    FROM batches b JOIN threads t USING (utid) GROUP BY ALL`))
    fileNextSeq.set(threadKey(String(sessionId), Number(threadId)), Number(next))
  const states = new Map<string, ThreadState>()
  const held = new Map<string, Held>()
  const incoming: Pending[] = []
  let chunkWriter: CallChunkWriter | undefined
  let segmentWriter: SegmentChunkWriter | undefined
  /** Call buffers of committed batches, reused: fresh typed arrays per batch cost more in GC than in copying. */
  const spareColumns: CallColumns[] = []
  const recycle = (calls: CallColumns): void => {
    if (spareColumns.length < 64) spareColumns.push(calls)
  }

  let isClosed = false
  let closing: Promise<void> | undefined
  const inFlightQueries = new Set<Promise<unknown>>()

  const assertOpen = (): void => {
    if (isClosed || closing) throw new ExecscopeError('ES_TRACE_FILE', `The trace store for ${file} is closed.`)
  }
  const assertWritable = (what: string): void => {
    assertOpen()
    if (isReadOnly) throw new ExecscopeError('ES_TRACE_FILE', `Cannot ${what}: ${file} was opened read-only.`)
  }
  /** Runs `work` if the store takes writes now, else a rejected promise saying why. */
  const whenWritable = <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      assertWritable(what)
    }
    catch (error) {
      return Promise.reject(error)
    }
    return work()
  }

  /**
   * Prepared works not yet committed and adopted, in commit order: the next one is correlated
   * while the previous one commits (DuckDB commits off the main thread), on top of their states.
   */
  const unadopted: Work[] = []
  const speculative = <T>(work: Work | undefined, pick: (w: Work) => T | undefined): T | undefined => {
    const mine = work ? pick(work) : undefined
    if (mine !== undefined) return mine
    for (let i = unadopted.length - 1; i >= 0; i--) {
      const found = pick(unadopted[i]!)
      if (found !== undefined) return found
    }
    return undefined
  }

  const stateOf = (key: string, work?: Work): ThreadState => speculative(work, w => w.states.get(key)) ?? states.get(key) ?? createThreadState(fileNextSeq.get(key), maxLinkCauses)

  const targetOf = (batch: DecodedBatch, key: string, work: Work, userAgent: string | undefined): ThreadTarget => {
    const known = threads.get(key) ?? speculative(work, w => w.newThreads.get(key))
    if (known) return known
    let origin = sessionOrigins.get(batch.sessionId) ?? speculative(work, w => w.newSessions.get(batch.sessionId))?.timeOriginMs
    if (origin === undefined) {
      origin = batch.timeOriginMs
      work.newSessions.set(batch.sessionId, { timeOriginMs: origin, userAgent })
    }
    const target: ThreadTarget = { sessionId: batch.sessionId, threadId: batch.threadId, utid: work.nextUtid++, timeOriginMs: batch.timeOriginMs, tsOffset: Math.round((batch.timeOriginMs - origin) * 1e6) }
    work.newThreads.set(key, target)
    return target
  }

  /** Hands a batch that waited too long (or crowds its thread's wait list) to the next commit. */
  const releaseLowest = (key: string): Pending | undefined => {
    const entry = held.get(key)
    if (!entry || entry.bySeq.size === 0) return undefined
    let lowest: number | undefined
    const expected = stateOf(key).nextSeq ?? 0
    for (const seq of entry.bySeq.keys()) {
      if (lowest === undefined || ((seq - expected) >>> 0) < ((lowest - expected) >>> 0)) lowest = seq
    }
    const pending = entry.bySeq.get(lowest!)!
    entry.bySeq.delete(lowest!)
    if (entry.bySeq.size === 0) {
      clearTimeout(entry.timer)
      held.delete(key)
    }
    pending.isForced = true
    return pending
  }

  const hold = (pending: Pending): Pending | undefined => {
    let entry = held.get(pending.key)
    if (!entry) {
      entry = { bySeq: new Map(), timer: undefined }
      held.set(pending.key, entry)
    }
    if (entry.bySeq.has(pending.batch.firstSeq)) {
      const { batch } = pending
      pending.reject(new BatchSequenceError(`thread ${batch.threadId} of session ${batch.sessionId} sent records from ${batch.firstSeq} twice; the first copy is waiting for the records before it`, batch.firstSeq, batch.firstSeq))
      return undefined
    }
    entry.bySeq.set(pending.batch.firstSeq, pending)
    pending.onHeld?.()
    pending.onHeld = undefined
    if (entry.timer === undefined) {
      entry.timer = setTimeout(() => flushHeld(pending.key), holdMs)
      entry.timer.unref?.()
    }
    return entry.bySeq.size > maxHeld ? releaseLowest(pending.key) : undefined
  }

  /** The wait of a thread's held batches is over: the first goes to the next commit, the rest wait on. */
  function flushHeld(key: string): void {
    const entry = held.get(key)
    if (entry) entry.timer = undefined
    const released = releaseLowest(key)
    if (released) enqueue(released)
    const rest = held.get(key)
    if (rest && rest.bySeq.size > 0 && rest.timer === undefined) {
      rest.timer = setTimeout(() => flushHeld(key), holdMs)
      rest.timer.unref?.()
    }
  }

  /** Correlates a batch into `work`, or holds it, or rejects it; then places held batches that now follow on. */
  const place = (pending: Pending, work: Work): void => {
    const { batch, key } = pending
    const state = stateOf(key, work)
    const expected = state.nextSeq ?? 0
    const ahead = (batch.firstSeq - expected) >>> 0
    const origin = sessionOrigins.get(batch.sessionId) ?? speculative(work, w => w.newSessions.get(batch.sessionId))?.timeOriginMs
    if (origin !== undefined && !threads.has(key) && Math.abs(batch.timeOriginMs - origin) > MAX_ORIGIN_SPREAD_MS) {
      pending.reject(new BatchContentError(`thread ${batch.threadId} of session ${batch.sessionId} has its time origin ${batch.timeOriginMs} ms, ${Math.round(Math.abs(batch.timeOriginMs - origin) / 86_400_000)} days from its session's (${origin} ms); a session's threads start within 30 days of each other`))
      return
    }
    // While closing nothing waits: what is missing by now is a gap.
    if (!pending.isForced && !closing && ahead !== 0 && ahead < HALF_SEQ_RANGE && holdMs > 0) {
      // A held batch may be acknowledged before it is stored: reject what the replay would reject now, while the sender can hear it.
      try {
        assertBatchTimes(batch)
      }
      catch (error) {
        pending.reject(error)
        return
      }
      const crowded = hold(pending)
      if (crowded) place(crowded, work)
      return
    }
    let result
    const into = spareColumns.pop()?.reset((batch.recordCount >>> 1) + 16)
    try {
      result = correlateBatch(state, batch, work.nextCallId, into)
    }
    catch (error) {
      if (into) recycle(into)
      pending.reject(error)
      return
    }
    const target = targetOf(batch, key, work, pending.userAgent)
    work.nextCallId = result.nextCallId
    work.states.set(key, result.state)
    const gap = result.drops.find(d => d.reason === 'gap')?.count ?? 0
    const { calls, segments, drops, links, origins, values, states: stateRows, counts, messages, forgottenCauses, clockResolutionNs } = result
    work.placed.push({ pending, target, calls, segments, drops, links, origins, values, states: stateRows, counts, messages, forgottenCauses, clockResolutionNs, gap, openCalls: result.state.stack.length + result.state.suspended.size })
    const entry = held.get(key)
    const next = entry?.bySeq.get(result.state.nextSeq!)
    if (entry && next) {
      entry.bySeq.delete(result.state.nextSeq!)
      if (entry.bySeq.size === 0) {
        clearTimeout(entry.timer)
        held.delete(key)
      }
      place(next, work)
    }
  }

  const compactRollups = async (): Promise<void> => {
    await connection.run('BEGIN TRANSACTION')
    try {
      await connection.run(`CREATE TEMP TABLE _r AS SELECT utid, site_id, sum(calls)::BIGINT, sum(throws)::BIGINT, sum(unfinished)::BIGINT, sum(measured)::BIGINT,
        sum(segments)::BIGINT, sum(total_dur)::BIGINT, sum(self_dur)::BIGINT, max(max_dur) FROM _site_rollups GROUP BY ALL`)
      await connection.run('CREATE TEMP TABLE _h AS SELECT site_id, bucket, sum(count)::BIGINT FROM _site_dur_hist GROUP BY ALL')
      await connection.run('DELETE FROM _site_rollups')
      await connection.run('DELETE FROM _site_dur_hist')
      await connection.run('INSERT INTO _site_rollups SELECT * FROM _r')
      await connection.run('INSERT INTO _site_dur_hist SELECT * FROM _h')
      await connection.run('DROP TABLE _r')
      await connection.run('DROP TABLE _h')
      await connection.run('COMMIT')
    }
    catch (error) {
      await connection.run('ROLLBACK').catch(() => {})
      throw error
    }
    rollupRows = Number((await rowsOf('SELECT (SELECT count(*) FROM _site_rollups) + (SELECT count(*) FROM _site_dur_hist)'))[0]![0])
    compactedRollupRows = rollupRows
  }

  /**
   * Merges the rollups' partial rows once they have grown past as many again as after the last
   * merge, when no batch has arrived for COMPACT_IDLE_MS. A merge is a transaction of its own that
   * every commit waits for (about 90 ms at 80 000 rows, measured): taken while uploads streamed in,
   * it stalled the pipeline once every two commits of the ingest bench. Queries read partial rows
   * correctly, so waiting costs nothing but their size, which `compactBusyRows` bounds.
   */
  let compactTimer: ReturnType<typeof setTimeout> | undefined
  let isCompacting = false
  let lastArrivalMs = 0
  const idleForMs = (): number => (incoming.length === 0 && unadopted.length === 0 && held.size === 0 ? performance.now() - lastArrivalMs : -1)
  const compactNow = (): void => {
    clearTimeout(compactTimer)
    compactTimer = undefined
    if (isCompacting || closing || isClosed) return
    isCompacting = true
    void exclusive(() => compactRollups()).catch(() => {}).finally(() => {
      isCompacting = false
    })
  }
  function compactWhenIdle(): void {
    if (rollupRows <= Math.max(compactMinRows, 2 * compactedRollupRows)) return
    if (rollupRows > Math.max(compactBusyRows, COMPACT_BUSY_FACTOR * compactedRollupRows)) return compactNow()
    if (compactTimer || isCompacting) return
    // Judged from a timer, never right here: a commit just adopted, its senders have not sent
    // their next batches yet, and ingest only looks idle.
    const check = (wait: number): void => {
      compactTimer = setTimeout(() => {
        const idle = idleForMs()
        if (idle >= compactIdleMs) compactNow()
        else check(idle < 0 ? compactIdleMs : compactIdleMs - idle)
      }, wait)
      compactTimer.unref?.()
    }
    check(compactIdleMs)
  }

  /**
   * Writes `work` in one transaction on `conn`; nothing of it stays when anything fails. When
   * `after` is given, the rows are appended at once but COMMIT waits for it (the previous work's
   * commit, on the other connection) and the transaction rolls back if it failed: works commit in
   * order while the next one's rows are already being appended. `onAppended` is called when only
   * that wait and the COMMIT are left.
   */
  const commit = async (work: Work, extra: Array<{ target: ThreadTarget, calls: CallColumns, segments: SegmentColumns, states: StateRow[], messages: MessageSideRow[], values: ValueRow[] }> = [], conn: DuckDBConnection = connection, after?: Promise<void>, onAppended?: () => void): Promise<void> => {
    const open: DuckDBAppender[] = []
    const appender = async (table: string): Promise<DuckDBAppender> => {
      const created = await conn.createAppender(table)
      open.push(created)
      return created
    }
    const rollups = new RollupBuilder()
    await conn.run('BEGIN TRANSACTION')
    try {
      for (const [sessionId, session] of work.newSessions)
        await conn.run('INSERT INTO sessions VALUES ($1, $2, now(), $3)', [sessionId, session.timeOriginMs, session.userAgent ?? null])
      for (const target of work.newThreads.values()) {
        await conn.run('INSERT INTO threads VALUES ($1, $2, $3, $4, $5, $6)', [target.utid, target.sessionId, target.threadId, target.threadId === 0 ? 'main' : `thread ${target.threadId}`, target.timeOriginMs, BigInt(target.tsOffset)])
      }
      const calls = await appender('calls')
      chunkWriter ??= new CallChunkWriter(CallChunkWriter.typesOf(calls))
      const dropRows: DuckDBValue[][] = []
      const batchRows: string[] = []
      let batchId = nextBatchId
      const items = [...work.placed, ...extra]
      for (const item of items) {
        chunkWriter.append(calls, item.target, item.calls)
        rollups.add(item.target.utid, item.calls)
      }
      if (items.some(item => item.segments.length > 0)) {
        const segments = await appender('call_segments')
        segmentWriter ??= new SegmentChunkWriter(SegmentChunkWriter.typesOf(segments))
        for (const item of items) segmentWriter.append(segments, item.target, item.segments)
      }
      const linkRows: DuckDBValue[][] = []
      const originRows: DuckDBValue[][] = []
      const valueRows: DuckDBValue[][] = []
      const stateRows: DuckDBValue[][] = []
      const countRows: DuckDBValue[][] = []
      const messageRows: MessageSideValues = { sends: [], receives: [] }
      for (const item of items) {
        const { utid, tsOffset } = item.target
        addMessageSides(messageRows, item.target, item.messages)
        for (const change of item.states) stateRows.push([utid, change.callId === null ? null : BigInt(change.callId), BigInt(change.ts + tsOffset), change.siteId, change.instance, change.oldPreview, change.newPreview])
        for (const value of item.values) {
          valueRows.push([BigInt(value.callId), utid, value.siteId, BigInt(value.ts + tsOffset), VALUE_ROLES[value.role]!, value.preview, value.isError, value.errorName, value.errorMessage])
        }
      }
      for (const item of work.placed) {
        const { utid, threadId, tsOffset } = item.target
        for (const drop of item.drops) dropRows.push([utid, threadId, BigInt(drop.ts + tsOffset), BigInt(drop.count), drop.reason])
        for (const count of item.counts) countRows.push([utid, count.siteId, BigInt(count.ts + tsOffset), BigInt(count.calls)])
        for (const link of item.links) linkRows.push([LINK_KINDS[link.kind - 1]!, BigInt(link.fromCallId), utid, BigInt(link.toCallId), utid, BigInt(link.ts + tsOffset)])
        for (const origin of item.origins) originRows.push([BigInt(origin.callId), utid, LINK_KINDS[origin.kind - 1]!, origin.eventType, origin.eventTarget])
        const { batch } = item.pending
        batchRows.push(`(${batchId++}, ${utid}, ${batch.firstSeq}, ${batch.recordCount}, ${item.gap}, ${item.calls.length}, ${item.forgottenCauses}, ${item.clockResolutionNs > 0 ? item.clockResolutionNs : 'NULL'}, now())`)
      }
      if (dropRows.length > 0) appendRows(await appender('drops'), 5, dropRows)
      if (countRows.length > 0) appendRows(await appender('counted_calls'), 4, countRows)
      if (linkRows.length > 0) appendRows(await appender('links'), 6, linkRows)
      if (originRows.length > 0) appendRows(await appender('call_origins'), 5, originRows)
      if (valueRows.length > 0) appendRows(await appender('values'), 9, valueRows)
      if (stateRows.length > 0) appendRows(await appender('state_records'), 7, stateRows)
      if (messageRows.sends.length > 0) appendRows(await appender('message_sends'), 6, messageRows.sends)
      if (messageRows.receives.length > 0) appendRows(await appender('message_receives'), 6, messageRows.receives)
      const { sites, hist } = rollups.take()
      if (sites.length > 0) appendRows(await appender('_site_rollups'), 10, sites.map(([utid, site, ...sums]) => [utid, site, ...sums.map(v => BigInt(v))]))
      if (hist.length > 0) appendRows(await appender('_site_dur_hist'), 3, hist.map(([site, bucket, count]) => [site, bucket, BigInt(count)]))
      // Closing flushes the appenders into the open transaction; COMMIT makes them durable.
      while (open.length > 0) open.pop()!.closeSync()
      if (batchRows.length > 0) await conn.run(`INSERT INTO batches VALUES ${batchRows.join(', ')}`)
      // Taken now: the next work appends its batches before this one commits.
      nextBatchId = batchId
      onAppended?.()
      await after
      options.beforeCommit?.()
      await conn.run('COMMIT')
      rollupRows += sites.length + hist.length
    }
    catch (error) {
      // Drop what the appenders still buffer, so nothing reaches a later transaction when they are collected.
      for (const pending of open) {
        try {
          pending.clear()
          pending.closeSync()
        }
        catch {}
      }
      await conn.run('ROLLBACK').catch(() => {})
      throw error
    }
  }

  /** Applies a committed `work` to the in-memory state. */
  const adopt = (work: Work): void => {
    for (const [key, state] of work.states) states.set(key, state)
    for (const [key, target] of work.newThreads) threads.set(key, target)
    for (const [sessionId, session] of work.newSessions) sessionOrigins.set(sessionId, session.timeOriginMs)
    nextCallId = work.nextCallId
    nextUtid = work.nextUtid
  }

  const emptyWork = (): Work => {
    const last = unadopted.at(-1)
    return { placed: [], states: new Map(), newThreads: new Map(), newSessions: new Map(), nextCallId: last?.nextCallId ?? nextCallId, nextUtid: last?.nextUtid ?? nextUtid, isFailed: false, isStarted: false }
  }

  /** Takes the batches that arrived (up to `maxRecordsPerCommit` records) and correlates them into a work. */
  const prepare = (): Work | undefined => {
    const group: Pending[] = []
    let records = 0
    while (incoming.length > 0 && (group.length === 0 || records + incoming[0]!.batch.recordCount <= maxRecordsPerCommit)) {
      const next = incoming.shift()!
      records += next.batch.recordCount
      group.push(next)
    }
    const work = emptyWork()
    for (const pending of group) place(pending, work)
    return work.placed.length > 0 ? work : undefined
  }

  const fail = (work: Work, error: unknown): void => {
    work.isFailed = true
    for (const item of work.placed) {
      recycle(item.calls)
      item.pending.reject(error)
    }
  }

  /** The COMMIT of the latest work started, settled (it never rejects); what exclusive tasks wait for. */
  let lastCommit: Promise<void> = Promise.resolve()
  /** Works alternate between two connections, so one appends while the other commits. */
  let turn = 0
  /** Per connection, its latest transaction settled: a connection holds one transaction at a time. */
  const connectionIdle: Array<Promise<void>> = [Promise.resolve(), Promise.resolve()]

  /**
   * The pipeline failed at `work`: it and every work prepared on top of it fail (they were
   * correlated on its states). Works before it are left to commit.
   */
  const failFrom = (work: Work, error: unknown): void => {
    if (work.isFailed) return
    const failure = new ExecscopeError('ES_INTERNAL', `Could not store ${work.placed.length === 1 ? 'a batch' : `${work.placed.length} batches`} of ${[...new Set(work.placed.map(p => `thread ${p.target.threadId} of session ${p.target.sessionId}`))].join(', ')} in ${file}: ${messageOf(error)}. Nothing of it was stored.`, { cause: error })
    fail(work, failure)
    const at = unadopted.indexOf(work)
    if (at < 0) return
    for (const later of unadopted.slice(at + 1))
      fail(later, new ExecscopeError('ES_INTERNAL', `Could not store a batch: an earlier batch of the same commit pipeline failed (${messageOf(error)}). Nothing of it was stored; send it again.`, { cause: error }))
    unadopted.length = at
  }

  /**
   * Starts the oldest prepared work's transaction and returns once its rows are appended: its
   * COMMIT goes on (after the previous work's) while the next work appends on the other connection.
   * Works are adopted, and their batches answered, in order, once committed.
   */
  const commitNext = async (): Promise<void> => {
    const work = unadopted.find(w => !w.isStarted)
    if (!work || work.isFailed) return
    work.isStarted = true
    const slot = turn
    const conn = commitConnections[slot]!
    turn ^= 1
    // The work two back used this connection: its COMMIT (or ROLLBACK) must be over.
    await connectionIdle[slot]
    if (work.isFailed) return
    let appended!: () => void
    const isAppended = new Promise<void>(resolve => (appended = resolve))
    const after = lastCommit.then(() => {
      if (work.isFailed) throw new Error('an earlier commit failed')
    })
    // Handled here too: a commit that fails before it waits for `after` leaves it unawaited.
    after.catch(() => {})
    const done = commit(work, [], conn, after, appended)
    connectionIdle[slot] = done.then(() => {}, () => {})
    lastCommit = done.then(() => {
      if (work.isFailed) return
      unadopted.splice(unadopted.indexOf(work), 1)
      // The states advance only once their rows are committed, so a failed batch can be sent again.
      adopt(work)
      for (const item of work.placed) {
        const result: IngestResult = { calls: item.calls.length, dropped: item.drops.reduce((sum, drop) => sum + drop.count, 0), openCalls: item.openCalls }
        recentWindow.add(item.target, item.calls)
        recycle(item.calls)
        item.pending.resolve(result)
      }
      compactWhenIdle()
    }, (error: unknown) => failFrom(work, error))
    await Promise.race([isAppended, done.catch(() => {})])
  }

  /** Runs `task` alone on the main connection: after the queued appends and every COMMIT in flight. */
  function exclusive<T>(task: () => Promise<T>): Promise<T> {
    return serial(async () => {
      await lastCommit
      return task()
    })
  }

  let isDrainScheduled = false
  /** Prepares the next work once the batches of this tick are in, keeping at most one work waiting behind the commit that runs. */
  function scheduleDrain(): void {
    if (isDrainScheduled || closing || isClosed) return
    isDrainScheduled = true
    setImmediate(() => {
      isDrainScheduled = false
      if (closing || isClosed || incoming.length === 0 || unadopted.length >= 3) return
      const work = prepare()
      if (incoming.length > 0) scheduleDrain()
      if (!work) return
      unadopted.push(work)
      void serial(async () => {
        try {
          await commitNext()
        }
        finally {
          scheduleDrain()
        }
      })
    })
  }

  function enqueue(pending: Pending): void {
    if (isClosed) {
      pending.reject(new ExecscopeError('ES_TRACE_FILE', `The trace store for ${file} is closed.`))
      return
    }
    incoming.push(pending)
    lastArrivalMs = performance.now()
    scheduleDrain()
  }

  /** Batches and runtime reports handed over and not yet stored or refused (see `settled`). */
  const inFlightWrites = new Set<Promise<unknown>>()
  const trackWrite = <T>(promise: Promise<T>): Promise<T> => keepWhilePending(inFlightWrites, promise)
  const settled = async (): Promise<void> => {
    // Writes handed over while waiting are waited for too.
    while (inFlightWrites.size > 0) await Promise.allSettled([...inFlightWrites])
  }

  const ingest: Store['ingest'] = (batch, context) => trackWrite(new Promise((resolve, reject) => {
    assertWritable('store a batch')
    enqueue({ batch, key: threadKey(batch.sessionId, batch.threadId), userAgent: context?.userAgent, isForced: false, onHeld: context?.onHeld, resolve, reject })
  }))

  const upsertSites = (rows: SiteRow[], moduleHash: string): Promise<void> => whenWritable('store sites', () => exclusive(async () => {
    // ON CONFLICT cannot update one key twice in a statement; the last row of a site wins.
    const bySite = new Map<number, SiteRow>()
    for (const row of rows) bySite.set(row.siteId, row)
    if (bySite.size === 0) return
    // One statement for the whole manifest, from rows appended to a temporary table: a statement
    // per site took seconds for a large module (TypeScript's compiler has 11 000 functions: 20 s).
    await connection.run('BEGIN TRANSACTION')
    let appender: DuckDBAppender | undefined
    try {
      await connection.run(`CREATE OR REPLACE TEMP TABLE _sites_in (site_id INTEGER, key VARCHAR, kind VARCHAR, name VARCHAR, file VARCHAR,
        line INTEGER, col INTEGER, is_async BOOLEAN, is_generator BOOLEAN, module_hash VARCHAR)`)
      appender = await connection.createAppender('_sites_in', 'main', 'temp')
      appendRows(appender, 10, [...bySite.values()].map(row => [row.siteId, row.key, row.kind, row.name, row.file, row.line, row.column, row.isAsync, row.isGenerator, moduleHash]))
      appender.closeSync()
      appender = undefined
      await connection.run(`INSERT INTO sites SELECT * FROM temp._sites_in
        ON CONFLICT (site_id) DO UPDATE SET key = excluded.key, kind = excluded.kind, name = excluded.name, file = excluded.file,
          line = excluded.line, col = excluded.col, is_async = excluded.is_async, is_generator = excluded.is_generator, module_hash = excluded.module_hash`)
      await connection.run('DROP TABLE temp._sites_in')
      await connection.run('COMMIT')
    }
    catch (error) {
      try {
        appender?.clear()
        appender?.closeSync()
      }
      catch {}
      await connection.run('ROLLBACK').catch(() => {})
      throw new ExecscopeError('ES_INTERNAL', `Could not store ${bySite.size} sites of module version ${JSON.stringify(moduleHash)} in ${file}: ${messageOf(error)}.`, { cause: error })
    }
  }))

  const track = async <T>(run: () => Promise<T>): Promise<T> => {
    assertOpen()
    return await keepWhilePending(inFlightQueries, run())
  }

  const queryTable: Store['queryTable'] = (sql, queryOptions) => track(() => runReadQuery(instance, sql, queryOptions?.maxRows, queryOptions?.params))

  const query: Store['query'] = async (sql, params) => {
    const table = await queryTable(sql, { params })
    return table.rows.map((row) => {
      const out: Record<string, unknown> = {}
      table.columns.forEach((column, i) => (out[column.name] = row[i]))
      return out
    })
  }

  const summary = async (): Promise<TraceSummary> => {
    // Threads that recorded something: a process that ran no instrumented code (npm itself, under
    // NODE_OPTIONS=--import execscope/register) leaves a thread of a few link records, and no more.
    const [totals] = await query(`WITH recorded AS (
        SELECT utid FROM _site_rollups UNION SELECT utid FROM counted_calls UNION SELECT utid FROM drops
        UNION SELECT utid FROM state_records UNION SELECT utid FROM message_sends UNION SELECT utid FROM message_receives
      )
      SELECT (SELECT count(DISTINCT session_id) FROM threads WHERE utid IN (SELECT utid FROM recorded)) AS sessions,
      (SELECT count(*) FROM threads WHERE utid IN (SELECT utid FROM recorded)) AS threads,
      (SELECT coalesce(sum(calls), 0) FROM _site_rollups) AS calls, (SELECT coalesce(sum(throws), 0) FROM _site_rollups) AS throws,
      -- A throw that propagates through three frames is one error: a throwing call whose last callee threw passed that on.
      (WITH thrower AS (SELECT call_id FROM calls WHERE status = 'throw'),
        last_callee AS (SELECT parent_id, arg_max(status, end_ts) AS status FROM calls WHERE parent_id IN (SELECT call_id FROM thrower) GROUP BY parent_id)
       SELECT count(*) FROM thrower LEFT JOIN last_callee ON last_callee.parent_id = thrower.call_id WHERE last_callee.status IS DISTINCT FROM 'throw') AS errors,
      (SELECT coalesce(sum(count), 0) FROM drops) AS dropped, (SELECT coalesce(sum(unsent), 0) FROM unsent_records) AS unsent,
      (SELECT coalesce(sum(calls), 0) FROM counted_calls) AS counted,
      (SELECT sum(cost_ns) / nullif(sum(elapsed_ns - cost_ns), 0) FROM (
        -- Each thread's whole estimate (previews included), from its overhead: cost / (elapsed - cost).
        SELECT elapsed_ns, estimated_overhead * elapsed_ns / (1 + estimated_overhead) AS cost_ns FROM runtime_cost)) AS recording_cost`)
    const top = await query(`SELECT name, coalesce(file, '') AS file, coalesce(line, 0) AS line, calls, measured_calls, self_dur
      FROM calls_slowest ORDER BY self_dur DESC, site_id LIMIT 10`)
    const counted = await query(`SELECT name, coalesce(file, '') AS file, coalesce(line, 0) AS line, counted_calls, calls
      FROM calls_slowest WHERE counted_calls > 0 ORDER BY counted_calls DESC, site_id LIMIT 5`)
    // From values alone (small next to calls): each thrown row is one throw, previewed where it was thrown first.
    const errors = await query(`WITH g AS (
        SELECT error_name, CASE WHEN is_error THEN coalesce(error_message, '') ELSE preview::VARCHAR END AS message,
          count(*) AS count, min(call_id) AS first_call_id, arg_min(site_id, call_id) AS site_id
        FROM values WHERE role = 'thrown' GROUP BY is_error, error_name, 2
      )
      SELECT g.error_name, g.message, g.count, coalesce(s.name, 'site#' || g.site_id) AS name, coalesce(s.file, '') AS file, coalesce(s.line, 0) AS line
      FROM g LEFT JOIN sites s USING (site_id) ORDER BY g.count DESC, g.first_call_id LIMIT 5`)
    const targets = await query(`SELECT target, count(*) AS changes, count(DISTINCT utid) AS threads, sum(count(*)) OVER () AS total FROM state_changes
      GROUP BY target ORDER BY changes DESC, min(ts), target`)
    const [messages] = await query(`SELECT count(*) AS total, count(*) FILTER (WHERE send_utid IS NOT NULL AND recv_utid IS NOT NULL) AS paired FROM message_pairs`)
    return {
      file,
      sessions: Number(totals!.sessions),
      threads: Number(totals!.threads),
      calls: Number(totals!.calls),
      throws: Number(totals!.throws),
      errors: Number(totals!.errors),
      dropped: Number(totals!.dropped) + Number(totals!.unsent),
      unsent: Number(totals!.unsent),
      countedCalls: Number(totals!.counted),
      topSelf: top.map(row => ({ name: String(row.name), file: String(row.file), line: Number(row.line), calls: Number(row.calls), timedCalls: Number(row.measured_calls), selfMs: Number(row.self_dur) / 1e6 })),
      topCounted: counted.map(row => ({ name: String(row.name), file: String(row.file), line: Number(row.line), counted: Number(row.counted_calls), recorded: Number(row.calls) })),
      topErrors: errors.map(row => ({ errorName: row.error_name == null ? null : String(row.error_name), message: String(row.message), count: Number(row.count), name: String(row.name), file: String(row.file), line: Number(row.line) })),
      recordingCost: totals!.recording_cost == null ? null : Number(totals!.recording_cost),
      stateChanges: targets.length === 0 ? 0 : Number(targets[0]!.total),
      topStateTargets: targets.slice(0, 3).map(row => ({ target: String(row.target), changes: Number(row.changes), threads: Number(row.threads) })),
      messages: { total: Number(messages!.total), paired: Number(messages!.paired) },
    }
  }

  // Checked when called, not when the serial queue gets to it: work queued before close() still runs.
  const recordRuntimeStats = (input: unknown): Promise<void> => trackWrite(whenWritable('store runtime stats', () => exclusive(async () => {
    const report = parseRuntimeStats(input)
    const { stats } = report
    await connection.run('INSERT INTO runtime_stats VALUES ($1, $2, now(), $3, $4, $5, $6, $7, $8, $9, $10)', [
      report.sessionId,
      report.threadId,
      BigInt(Math.round(stats.records)),
      BigInt(Math.round(stats.timedRecords)),
      BigInt(Math.round(stats.drops)),
      BigInt(Math.round(stats.overwritten)),
      BigInt(Math.round(stats.estimatedHotPathNs)),
      BigInt(Math.round(stats.drainNs + stats.sendNs)),
      BigInt(Math.round(stats.elapsedNs)),
      stats.estimatedOverhead,
    ])
  })))

  const retention = options.retention
  const forgetSessions = (sessionIds: string[]): void => {
    const gone = new Set(sessionIds)
    for (const [key, target] of threads) {
      if (!gone.has(target.sessionId)) continue
      threads.delete(key)
      states.delete(key)
      fileNextSeq.delete(key)
      recentWindow.forget(target.utid)
    }
    for (const id of gone) sessionOrigins.delete(id)
  }
  const runRetention = (): Promise<RetentionResult> => exclusive(async () => {
    assertWritable('apply retention')
    const result = await applyRetention(connection, retention ?? {})
    forgetSessions(result.deletedSessions)
    return result
  })
  let retentionTimer: ReturnType<typeof setInterval> | undefined
  if (!isReadOnly && retention && (retention.maxAgeHours !== undefined || retention.maxBytes !== undefined)) {
    await runRetention()
    retentionTimer = setInterval(() => void runRetention().catch(() => {}), retention.checkIntervalMs ?? 60_000)
    retentionTimer.unref?.()
  }

  const advertiseCollector = (sqlUrl: string): void => {
    assertWritable('advertise a collector')
    writeFileSync(collectorFile, `${JSON.stringify({ sqlUrl, pid: process.pid, file }, null, 2)}\n`)
    hasCollectorFile = true
  }

  const finish = async (): Promise<void> => {
    clearInterval(retentionTimer)
    clearTimeout(compactTimer)
    if (!isReadOnly) {
      // Batches still waiting for a gap are stored now, with the gap recorded.
      for (const key of [...held.keys()]) {
        let released = releaseLowest(key)
        while (released) {
          incoming.push(released)
          released = releaseLowest(key)
        }
      }
      while (unadopted.some(w => !w.isStarted && !w.isFailed)) await commitNext()
      while (incoming.length > 0) {
        const work = prepare()
        if (!work) continue
        unadopted.push(work)
        await commitNext()
      }
      await lastCommit
      const work = emptyWork()
      const open: Array<{ target: ThreadTarget, calls: CallColumns, segments: SegmentColumns, states: StateRow[], messages: MessageSideRow[], values: ValueRow[] }> = []
      for (const [key, state] of states) {
        const { calls, segments, states: stateRows, messages, values } = finishThread(state)
        if (calls.length > 0 || stateRows.length > 0 || messages.length > 0 || values.length > 0) open.push({ target: threads.get(key)!, calls, segments, states: stateRows, messages, values })
      }
      if (open.length > 0) await commit(work, open)
      states.clear()
      await compactRollups().catch(() => {})
      await connection.run('CHECKPOINT')
      if (hasCollectorFile) rmSync(collectorFile, { force: true })
    }
    isClosed = true
    await Promise.allSettled([...inFlightQueries])
    if (commitConnections[1]) commitConnections[1].closeSync()
    connection.closeSync()
    instance.closeSync()
    release()
  }

  const close = (): Promise<void> => (closing ??= exclusive(finish))

  return {
    file,
    upsertSites,
    ingest,
    query,
    queryTable,
    summary,
    recordRuntimeStats,
    settled,
    recent: (limit, utid) => recentWindow.list(limit ?? 100, utid),
    applyRetention: runRetention,
    advertiseCollector,
    close,
  }
}

export type { RecentCall }
