import { ExecscopeError } from '@execscope/core'

/**
 * A batch that decodes but cannot be placed in the trace (a time beyond what the file can hold, a
 * time origin far from its session's). Nothing of it is stored; the collector answers 400.
 */
export class BatchContentError extends ExecscopeError {
  override name = 'BatchContentError'
  /** The reason without the `[execscope] Batch rejected:` frame. */
  readonly reason: string
  constructor(reason: string) {
    super('ES_BAD_BATCH', `Batch rejected: ${reason}. Nothing was stored.`)
    this.reason = reason
  }
}
