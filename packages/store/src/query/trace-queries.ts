import type { CallStatus, ValueRoleName } from '../correlate/rows.ts'
import type { RecentCall } from '../types.ts'
import type { QueryParam } from '../read-query.ts'

/** Anything that answers read-only SQL with `$n` parameters: a `Store`, or a client of a collector. */
export interface Queryable {
  query: (sql: string, params?: readonly QueryParam[]) => Promise<Record<string, unknown>[]>
}

/** A thread: its utid, or its session and thread id within the session. */
export type ThreadRef = number | { sessionId: string, threadId: number }

/** A row of `calls_named`. */
export interface CallNode extends RecentCall {
  endTs: number
  name: string
  file: string | null
  line: number | null
}

/** Which calls `events` returns; every field narrows, all are optional. */
export interface EventFilter {
  thread?: ThreadRef
  sessionId?: string
  siteId?: number
  /** Function name, exactly as in `sites.name`. */
  name?: string
  status?: CallStatus
  /** Calls that end at or after this ts (ns since the session's time origin). */
  from?: number
  /** Calls that start before this ts. */
  to?: number
  /** Calls at least this long, ns. */
  minDur?: number
  /**
   * Most rows returned, in start order.
   * @default 1000
   */
  limit?: number
}

/** A step of `why` that is a call: step 0 is the call itself; `via` says how the previous step got to it. */
export interface WhyCallStep extends CallNode {
  step: number
  /** 'self', 'caller', 'async-caller', or a link kind ('promise', 'timer', 'event', 'fetch', 'message'). */
  via: string
  origin: null
}

/** The last step of `why` when the chain began outside the app (`call_origins`): no call, only its thread. */
export type WhyOriginStep = { [K in Exclude<keyof CallNode, 'utid' | 'sessionId' | 'threadId'>]: null } & {
  step: number
  /** The link kind of what came from outside: 'event' for a user's input, 'message', 'fetch', … */
  via: string
  /** For a user's input, what it was: 'click on button#save' (null when the runtime did not say). */
  origin: string | null
  utid: number
  sessionId: string
  threadId: number
}

/** A step of `why`: a call, or where the chain began outside the app (`callId` null). */
export type WhyStep = WhyCallStep | WhyOriginStep

/** The value of one key of a target at a time. */
export interface StateValueRow {
  key: string
  value: string | null
  changedAt: number
  callId: number | null
}

/** One change of a target. */
export interface StateHistoryRow {
  ts: number
  key: string
  oldPreview: string | null
  newPreview: string | null
  utid: number
  sessionId: string
  threadId: number
  callId: number | null
  callName: string | null
}

/** One message between two threads (a row of `message_flow`); the side that was not recorded is null. */
export interface MessageRow {
  messageId: number
  /** 'worker': between a thread and a worker thread it started. */
  kind: string
  sendUtid: number | null
  sendCallId: number | null
  /** ns since the session's time origin. */
  sendTs: number | null
  recvUtid: number | null
  recvCallId: number | null
  recvTs: number | null
  /** `recvTs - sendTs`, when both sides were recorded. */
  latency: number | null
  preview: string | null
  /** The worker's thread id. */
  channel: number
  /** 'down' to the worker, 'up' to its parent. */
  direction: 'down' | 'up'
  /** The message's number on the channel in its direction, from 1. */
  number: number
}

/** A row of `values`: what a call was given (`arguments`, an object by parameter name), threw or returned. */
export interface ValueNode {
  callId: number
  utid: number
  siteId: number
  /** When the call threw or returned (for arguments: when it started), ns since the session's time origin. */
  ts: number
  role: ValueRoleName
  /** The preview as compact JSON text (the runtime's value-preview format); `JSON.parse` it for the value. */
  preview: string
  isError: boolean
  errorName: string | null
  errorMessage: string | null
}

/** A row of `errors`: a call that ended by throwing, and where what it threw was thrown first. */
export interface ErrorNode {
  callId: number
  utid: number
  sessionId: string
  threadId: number
  siteId: number
  name: string
  file: string | null
  line: number | null
  /** When the call threw, ns since the session's time origin. */
  ts: number
  originCallId: number
  isOrigin: boolean
  /** Frames between the origin and this call: 0 at the origin. */
  frames: number
  originName: string
  originFile: string | null
  originLine: number | null
  isError: boolean
  errorName: string | null
  errorMessage: string | null
  preview: string
}

/** Which rows `errors` returns; every field narrows, all are optional. */
export interface ErrorFilter {
  /** The frames of one thrown value: rows whose origin is this call. */
  originCallId?: number
  /** Only the origin of each thrown value (one row per throw), not the frames it propagated through. */
  isOrigin?: boolean
  /** Error name, exactly ('TypeError'). */
  errorName?: string
  /**
   * Most rows returned, by origin, innermost frame first.
   * @default 1000
   */
  limit?: number
}

/** The typed query API: each a thin layer over one view or macro of the schema (SCHEMA.md). */
export interface TraceQueries {
  /** Calls matching `filter`, in start order (`calls_named`). */
  events: (filter?: EventFilter) => Promise<CallNode[]>
  /** The call and everything below it, in start order, with `treeDepth` from the call (`call_tree`). */
  callTree: (callId: number) => Promise<Array<CallNode & { treeDepth: number }>>
  /** The calls running on a thread at `ts`, outermost first (`stack_at`). */
  stackAt: (thread: ThreadRef, ts: number) => Promise<CallNode[]>
  /** Per key, the value of `target` at `ts` (`state_at`); pass `sessionId` to read one session's clock. */
  stateAt: (target: string, ts: number, sessionId?: string) => Promise<StateValueRow[]>
  /** Every change of `target`, in time order (`state_history`). */
  stateHistory: (target: string) => Promise<StateHistoryRow[]>
  /** Messages between two threads, both directions, in send order (`message_flow`). */
  messageFlow: (a: ThreadRef, b: ThreadRef) => Promise<MessageRow[]>
  /** The causal chain from a call back to what started it (`why`). */
  why: (callId: number) => Promise<WhyStep[]>
  /** What a call was given and what it threw or returned, where captured (`values`): at most one row per role, thrown, returned, arguments. */
  values: (callId: number) => Promise<ValueNode[]>
  /** Calls that ended by throwing a captured value, with where it was thrown first (`errors`). */
  errors: (filter?: ErrorFilter) => Promise<ErrorNode[]>
}

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
}

function typed<T>(rows: Record<string, unknown>[]): T[] {
  return rows.map((row) => {
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(row)) out[camel(key)] = value
    return out as T
  })
}

/** `$n` placeholder(s) for a thread and their parameters. */
function threadSql(thread: ThreadRef, next: number): { sql: string, params: QueryParam[] } {
  if (typeof thread === 'number') return { sql: `$${next}`, params: [thread] }
  return { sql: `thread_utid($${next}, $${next + 1})`, params: [thread.sessionId, thread.threadId] }
}

/** The typed query API over a store (or anything with the same `query`). */
export function createTraceQueries(db: Queryable): TraceQueries {
  return {
    async events(filter = {}) {
      const where: string[] = []
      const params: QueryParam[] = []
      const add = (clause: (n: string) => string, value: QueryParam): void => {
        params.push(value)
        where.push(clause(`$${params.length}`))
      }
      if (filter.thread !== undefined) {
        const thread = threadSql(filter.thread, params.length + 1)
        params.push(...thread.params)
        where.push(`utid = ${thread.sql}`)
      }
      if (filter.sessionId !== undefined) add(n => `session_id = ${n}`, filter.sessionId)
      if (filter.siteId !== undefined) add(n => `site_id = ${n}`, filter.siteId)
      if (filter.name !== undefined) add(n => `name = ${n}`, filter.name)
      if (filter.status !== undefined) add(n => `status = ${n}`, filter.status)
      if (filter.from !== undefined) add(n => `end_ts >= ${n}`, filter.from)
      if (filter.to !== undefined) add(n => `ts < ${n}`, filter.to)
      if (filter.minDur !== undefined) add(n => `dur >= ${n}`, filter.minDur)
      add(n => `TRUE LIMIT ${n}`, filter.limit ?? 1000)
      const limit = where.pop()!.replace('TRUE ', '')
      return typed<CallNode>(await db.query(`SELECT * FROM calls_named ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ts, call_id ${limit}`, params))
    },
    async callTree(callId) {
      return typed(await db.query('SELECT * FROM call_tree($1)', [callId]))
    },
    async stackAt(thread, ts) {
      const ref = threadSql(thread, 1)
      return typed<CallNode>(await db.query(`SELECT * FROM stack_at(${ref.sql}, $${ref.params.length + 1})`, [...ref.params, ts]))
    },
    async stateAt(target, ts, sessionId) {
      return typed<StateValueRow>(await db.query('SELECT * FROM state_at($1, $2, session := $3)', [target, ts, sessionId ?? null]))
    },
    async stateHistory(target) {
      return typed<StateHistoryRow>(await db.query('SELECT * FROM state_history($1)', [target]))
    },
    async messageFlow(a, b) {
      const first = threadSql(a, 1)
      const second = threadSql(b, 1 + first.params.length)
      return typed<MessageRow>(await db.query(`SELECT * FROM message_flow(${first.sql}, ${second.sql})`, [...first.params, ...second.params]))
    },
    async why(callId) {
      return typed<WhyStep>(await db.query('SELECT * FROM why($1)', [callId]))
    },
    async values(callId) {
      // JSON comes back as text; the cast keeps that true for clients that would parse it.
      return typed<ValueNode>(await db.query('SELECT * REPLACE (preview::VARCHAR AS preview) FROM values WHERE call_id = $1 ORDER BY role', [callId]))
    },
    async errors(filter = {}) {
      const where: string[] = []
      const params: QueryParam[] = []
      const add = (clause: (n: string) => string, value: QueryParam): void => {
        params.push(value)
        where.push(clause(`$${params.length}`))
      }
      if (filter.originCallId !== undefined) add(n => `origin_call_id = ${n}`, filter.originCallId)
      if (filter.isOrigin !== undefined) add(n => `is_origin = ${n}`, filter.isOrigin)
      if (filter.errorName !== undefined) add(n => `error_name = ${n}`, filter.errorName)
      params.push(filter.limit ?? 1000)
      return typed<ErrorNode>(await db.query(`SELECT * REPLACE (preview::VARCHAR AS preview) FROM errors ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY origin_call_id, frames LIMIT $${params.length}`, params))
    },
  }
}
