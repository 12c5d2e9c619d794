/** Stable codes of `ExecscopeError`, for programs that react to them. */
export type ExecscopeErrorCode =
  | 'ES_BAD_OPTION'
  | 'ES_BAD_BATCH'
  | 'ES_TRACE_FILE'
  | 'ES_PARSE'
  | 'ES_BAD_QUERY'
  | 'ES_INTERNAL'

/** The one error class of execscope: says what is wrong, where, and what to do. */
export class ExecscopeError extends Error {
  override name = 'ExecscopeError'
  readonly code: ExecscopeErrorCode
  constructor(code: ExecscopeErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[execscope] ${message}`, options)
    this.code = code
  }
}
