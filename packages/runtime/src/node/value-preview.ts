import type { PreviewLimits } from '../shared/value-preview.ts'
import { types } from 'node:util'
import { previewValue as previewPortable } from '../shared/value-preview.ts'

/**
 * `previewValue` with Node's proxy check (`util.types.isProxy`) filled in, so a Proxy becomes
 * ["proxy"] and none of its traps run. Same format and limits as the portable one.
 * @example previewValue(req.headers) // '{"host":"…","cookie":["redacted"]}'
 */
export function previewValue(value: unknown, limits: PreviewLimits = {}): string {
  return previewPortable(value, { isProxy: types.isProxy, ...limits })
}
