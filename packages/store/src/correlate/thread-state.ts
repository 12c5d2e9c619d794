/** One call that has started and not yet ended, as the stack replay tracks it. */
export interface Frame {
  callId: number
  siteId: number
  /** 0 for sync calls. */
  asyncId: number
  parentId: number | null
  depth: number
  /** Start, ns since the thread's time origin. */
  ts: number
  isEntryTimed: boolean
  /** Time spent on top of the stack so far, ns. */
  selfDur: number
  /** Synchronous runs so far: 1 at entry, +1 per resume. */
  segments: number
}

/** What the replay of one (session, thread) keeps between batches. */
export interface ThreadState {
  /** Sequence number the next batch should start at; undefined before the first batch. */
  nextSeq: number | undefined
  /** High 32 bits of the time, from the latest Clock anchor. */
  clockHigh: number
  /** Time of the latest event, ns since the thread's time origin; untimed records reuse it. */
  lastTs: number
  /** Running frames, innermost last. */
  stack: Frame[]
  /** Suspended async functions and generators, by async id. */
  suspended: Map<number, Frame>
}

/** A fresh state; `nextSeq` comes from the trace file when the thread was seen before. */
export function createThreadState(nextSeq?: number): ThreadState {
  return { nextSeq, clockHigh: 0, lastTs: 0, stack: [], suspended: new Map() }
}

/** A deep copy, so a batch can be replayed on it and thrown away if it is not stored. */
export function cloneThreadState(state: ThreadState): ThreadState {
  const suspended = new Map<number, Frame>()
  for (const [asyncId, frame] of state.suspended) suspended.set(asyncId, { ...frame })
  return {
    nextSeq: state.nextSeq,
    clockHigh: state.clockHigh,
    lastTs: state.lastTs,
    stack: state.stack.map(frame => ({ ...frame })),
    suspended,
  }
}
