import { ExecscopeError } from '@execscope/core'

/**
 * A batch that starts before the thread's next expected record: a duplicate or a late retry.
 * Nothing of it is stored; the collector answers 409.
 */
export class BatchSequenceError extends ExecscopeError {
  override name = 'BatchSequenceError'
  /** The reason without the `[execscope] Batch rejected:` frame. */
  readonly reason: string
  readonly firstSeq: number
  readonly expectedSeq: number
  constructor(reason: string, firstSeq: number, expectedSeq: number) {
    super('ES_BAD_BATCH', `Batch rejected: ${reason}. Nothing was stored.`)
    this.reason = reason
    this.firstSeq = firstSeq
    this.expectedSeq = expectedSeq
  }
}
