import { createUnplugin } from 'unplugin'
import type { UnpluginInstance } from 'unplugin'
import type { ExecscopeOptions } from '@execscope/core'
import { execscopeFactory } from './factory.ts'

export type { ExecscopeOptions } from '@execscope/core'
export { COLLECTOR_BASE_PATH, execscopeFactory } from './factory.ts'

/** The execscope plugin for every bundler: `execscope.vite()`, `.rollup()`, `.esbuild()`, `.webpack()`, `.rspack()`. */
export const execscope: UnpluginInstance<ExecscopeOptions | undefined, true> = createUnplugin(execscopeFactory)
export default execscope
export { formatSummary } from './summary-format.ts'
