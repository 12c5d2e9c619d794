/** Where a thread's rows go: its ids, and the offset from its own time origin to the session's. */
export interface ThreadTarget {
  sessionId: string
  threadId: number
  /** ns added to thread-relative times. */
  tsOffset: number
}
