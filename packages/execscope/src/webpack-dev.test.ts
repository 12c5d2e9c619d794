import { describe, expect, it } from 'vitest'
import { isServeProcess } from './webpack-dev.ts'

describe('isServeProcess', () => {
  it('tells `webpack serve` (WEBPACK_SERVE) and `rspack serve` / `rspack dev` (RSPACK_SERVE, set by @rspack/dev-server) from builds', () => {
    expect(isServeProcess({ WEBPACK_SERVE: 'true' })).toBe(true)
    expect(isServeProcess({ RSPACK_SERVE: 'true' })).toBe(true)
    expect(isServeProcess({})).toBe(false)
    expect(isServeProcess({ WEBPACK_SERVE: 'false', RSPACK_SERVE: '' })).toBe(false)
  })
})
