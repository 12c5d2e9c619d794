/** How a call ended. */
export type CallStatus = 'return' | 'throw' | 'unfinished'

/** `measured` when both the entry and the exit carried a clock reading. */
export type CallTiming = 'measured' | 'estimated'

/** Why records are missing or could not be placed. */
export type DropReason = 'ring-full' | 'gap' | 'orphan'

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
