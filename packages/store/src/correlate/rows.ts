/** How a call ended. */
export type CallStatus = 'return' | 'throw' | 'unfinished'
/** `measured` when both the entry and the exit carried a clock reading. */
export type CallTiming = 'measured' | 'estimated'
/** Why records are missing or could not be placed. */
export type DropReason = 'ring-full' | 'gap' | 'orphan' | 'value'

/** Codes of `CallStatus` in `CallColumns.status`; the order of the `call_status` SQL enum. */
export const CALL_STATUSES: readonly CallStatus[] = ['return', 'throw', 'unfinished']
/** Codes of `CallTiming` in `CallColumns.timing`; the order of the `call_timing` SQL enum. */
export const CALL_TIMINGS: readonly CallTiming[] = ['measured', 'estimated']
/** The order of the `drop_reason` SQL enum. */
export const DROP_REASONS: readonly DropReason[] = ['ring-full', 'gap', 'orphan', 'value']

export const STATUS_RETURN = 0
export const STATUS_THROW = 1
export const STATUS_UNFINISHED = 2
export const TIMING_MEASURED = 0
export const TIMING_ESTIMATED = 1

/** One finished (or given-up) call; times are ns since the thread's time origin. */
export interface CallRow {
  callId: number
  siteId: number
  parentId: number | null
  depth: number
  ts: number
  dur: number
  selfDur: number
  status: CallStatus
  timing: CallTiming
  /** null for sync calls. */
  asyncId: number | null
  segments: number
}

/** Lost or unplaceable records; `ts` is ns since the thread's time origin. */
export interface DropRow {
  ts: number
  count: number
  reason: DropReason
}

/**
 * Call rows column by column, in growable typed arrays: the correlator writes them without
 * allocating an object per call, and the persister copies them straight into DuckDB vectors.
 * Times are ns since the thread's time origin, as doubles (exact below 2^53 ns, 104 days).
 */
export class CallColumns {
  length = 0
  callId: Float64Array
  /** -1 for roots. */
  parentId: Float64Array
  siteId: Int32Array
  depth: Int32Array
  ts: Float64Array
  dur: Float64Array
  selfDur: Float64Array
  /** `STATUS_*` codes. */
  status: Uint8Array
  /** `TIMING_*` codes. */
  timing: Uint8Array
  /** 0 for sync calls. */
  asyncId: Uint32Array
  segments: Int32Array

  constructor(capacity = 256) {
    this.callId = new Float64Array(capacity)
    this.parentId = new Float64Array(capacity)
    this.siteId = new Int32Array(capacity)
    this.depth = new Int32Array(capacity)
    this.ts = new Float64Array(capacity)
    this.dur = new Float64Array(capacity)
    this.selfDur = new Float64Array(capacity)
    this.status = new Uint8Array(capacity)
    this.timing = new Uint8Array(capacity)
    this.asyncId = new Uint32Array(capacity)
    this.segments = new Int32Array(capacity)
  }

  /** Appends one call; `parentId` -1 and `asyncId` 0 stand for NULL. */
  push(callId: number, siteId: number, parentId: number, depth: number, ts: number, dur: number, selfDur: number, status: number, timing: number, asyncId: number, segments: number): void {
    const i = this.length
    if (i === this.callId.length) this.grow()
    this.callId[i] = callId
    this.parentId[i] = parentId
    this.siteId[i] = siteId
    this.depth[i] = depth
    this.ts[i] = ts
    this.dur[i] = dur
    this.selfDur[i] = selfDur
    this.status[i] = status
    this.timing[i] = timing
    this.asyncId[i] = asyncId
    this.segments[i] = segments
    this.length = i + 1
  }

  /** Makes room for `capacity` rows (keeping none): for reuse. */
  reset(capacity: number): this {
    this.length = 0
    while (this.callId.length < capacity) this.grow()
    return this
  }

  /** Appends rows `[from, to)` of `other`. */
  copyFrom(other: CallColumns, from: number, to: number): void {
    const n = to - from
    while (this.length + n > this.callId.length) this.grow()
    const at = this.length
    this.callId.set(other.callId.subarray(from, to), at)
    this.parentId.set(other.parentId.subarray(from, to), at)
    this.siteId.set(other.siteId.subarray(from, to), at)
    this.depth.set(other.depth.subarray(from, to), at)
    this.ts.set(other.ts.subarray(from, to), at)
    this.dur.set(other.dur.subarray(from, to), at)
    this.selfDur.set(other.selfDur.subarray(from, to), at)
    this.status.set(other.status.subarray(from, to), at)
    this.timing.set(other.timing.subarray(from, to), at)
    this.asyncId.set(other.asyncId.subarray(from, to), at)
    this.segments.set(other.segments.subarray(from, to), at)
    this.length = at + n
  }

  /** Row `i` as an object, for tests and the recent window. */
  row(i: number): CallRow {
    return {
      callId: this.callId[i]!,
      siteId: this.siteId[i]!,
      parentId: this.parentId[i]! < 0 ? null : this.parentId[i]!,
      depth: this.depth[i]!,
      ts: this.ts[i]!,
      dur: this.dur[i]!,
      selfDur: this.selfDur[i]!,
      status: CALL_STATUSES[this.status[i]!]!,
      timing: CALL_TIMINGS[this.timing[i]!]!,
      asyncId: this.asyncId[i] === 0 ? null : this.asyncId[i]!,
      segments: this.segments[i]!,
    }
  }

  /** All rows as objects. */
  rows(): CallRow[] {
    return Array.from({ length: this.length }, (_, i) => this.row(i))
  }

  private grow(): void {
    const size = this.callId.length * 2
    const grown = <T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(from: T, make: (n: number) => T): T => {
      const to = make(size)
      to.set(from as never)
      return to
    }
    this.callId = grown(this.callId, n => new Float64Array(n))
    this.parentId = grown(this.parentId, n => new Float64Array(n))
    this.siteId = grown(this.siteId, n => new Int32Array(n))
    this.depth = grown(this.depth, n => new Int32Array(n))
    this.ts = grown(this.ts, n => new Float64Array(n))
    this.dur = grown(this.dur, n => new Float64Array(n))
    this.selfDur = grown(this.selfDur, n => new Float64Array(n))
    this.status = grown(this.status, n => new Uint8Array(n))
    this.timing = grown(this.timing, n => new Uint8Array(n))
    this.asyncId = grown(this.asyncId, n => new Uint32Array(n))
    this.segments = grown(this.segments, n => new Int32Array(n))
  }
}

/** One segment of a call that suspended: a synchronous run from entry or resume to suspend or end. */
export interface SegmentRow {
  callId: number
  ts: number
  endTs: number
  stackOrder: number
  stackDepth: number
}

/**
 * Segment rows column by column (see `CallColumns`): only calls that suspend have them, so a
 * sync-heavy batch writes none. Times are ns since the thread's time origin.
 */
export class SegmentColumns {
  length = 0
  callId: Float64Array
  ts: Float64Array
  endTs: Float64Array
  stackOrder: Float64Array
  stackDepth: Int32Array

  constructor(capacity = 16) {
    this.callId = new Float64Array(capacity)
    this.ts = new Float64Array(capacity)
    this.endTs = new Float64Array(capacity)
    this.stackOrder = new Float64Array(capacity)
    this.stackDepth = new Int32Array(capacity)
  }

  push(callId: number, ts: number, endTs: number, stackOrder: number, stackDepth: number): void {
    const i = this.length
    if (i === this.callId.length) this.grow()
    this.callId[i] = callId
    this.ts[i] = ts
    this.endTs[i] = endTs
    this.stackOrder[i] = stackOrder
    this.stackDepth[i] = stackDepth
    this.length = i + 1
  }

  /** All rows as objects, for tests. */
  rows(): SegmentRow[] {
    return Array.from({ length: this.length }, (_, i) => ({ callId: this.callId[i]!, ts: this.ts[i]!, endTs: this.endTs[i]!, stackOrder: this.stackOrder[i]!, stackDepth: this.stackDepth[i]! }))
  }

  private grow(): void {
    const size = this.callId.length * 2
    const grown = <T extends Float64Array | Int32Array>(from: T, to: T): T => {
      to.set(from as never)
      return to
    }
    this.callId = grown(this.callId, new Float64Array(size))
    this.ts = grown(this.ts, new Float64Array(size))
    this.endTs = grown(this.endTs, new Float64Array(size))
    this.stackOrder = grown(this.stackOrder, new Float64Array(size))
    this.stackDepth = grown(this.stackDepth, new Int32Array(size))
  }
}

/** The `link_kind` SQL enum, in the order of `LinkKind` (1 is 'promise'). */
export const LINK_KINDS: readonly string[] = ['promise', 'timer', 'event', 'fetch', 'message']

/** A causal link within one thread; `ts` (of the cause) is ns since the thread's time origin. */
export interface LinkRow {
  /** `LinkKind`. */
  kind: number
  fromCallId: number
  toCallId: number
  ts: number
}

/** A call started by something outside the app (a `LinkIn` with token 0). */
export interface OriginRow {
  callId: number
  /** `LinkKind`. */
  kind: number
  /** For a user's input event: its type (`click`), when the runtime said (`ValueRole.Event`). */
  eventType: string | null
  /** And its target: `button#save`, `window`, `document`; null for others or when not said. */
  eventTarget: string | null
}

/** What a value in the `values` table is of: the `value_role` SQL enum. */
export type ValueRoleName = 'thrown' | 'returned' | 'arguments'
/** The `value_role` name of each stored `ValueRole` (a state value goes to `state_records` instead). */
export const VALUE_ROLES: Readonly<Record<number, ValueRoleName>> = { 1: 'thrown', 2: 'returned', 4: 'arguments' }

/** A value preview reassembled from a `Value` record and its `ValueBytes`; `ts` is ns since the thread's time origin. */
export interface ValueRow {
  /** The call that threw or returned it. */
  callId: number
  /** That call's site. */
  siteId: number
  /** Time of the call's Throw or Return. */
  ts: number
  /** `ValueRole`. */
  role: number
  /** The preview, compact JSON as the runtime wrote it (see the runtime's value-preview.ts). */
  preview: string
  /** The preview is an Error's: `["err", name, message, stack]`. */
  isError: boolean
  /** The Error's name, when it was a string. */
  errorName: string | null
  /** The Error's message, when it was a string. */
  errorMessage: string | null
}

/**
 * One state change (a `State` record and, when it came, its `[old, new]` previews); `ts` is ns
 * since the thread's time origin.
 */
export interface StateRow {
  /** The call that made it; null outside any recorded call. */
  callId: number | null
  /** The assignment's site (kind `state`, named `Owner.key`). */
  siteId: number
  /** The object's instance number on its thread, from 1. */
  instance: number
  ts: number
  /** Preview of the value before; null when the property did not exist or no preview came. */
  oldPreview: string | null
  /** Preview of the value after; null when no preview came. */
  newPreview: string | null
}

/**
 * Calls of a hot site that the runtime counted instead of recording (from `Count` records), summed
 * per site over one batch; `ts` is the time of the batch's last such record.
 */
export interface CountRow {
  /** The site, or 0 when the runtime could not tell which of two sites sharing its counter slot. */
  siteId: number
  calls: number
  ts: number
}
