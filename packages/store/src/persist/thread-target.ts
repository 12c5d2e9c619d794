/** Where a thread's rows go: its ids, and the offset from its own time origin to the session's. */
export interface ThreadTarget {
  sessionId: string
  threadId: number
  /** Thread id unique across the file. */
  utid: number
  /** Unix epoch milliseconds of the thread's own time origin. */
  timeOriginMs: number
  /** ns added to thread-relative times. */
  tsOffset: number
}
