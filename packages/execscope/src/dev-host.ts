import type { DevTraceFile } from './vite-dev.ts'

/**
 * A dev server that mounts the collector itself and serves the rspack compiler our plugin runs
 * in (Rsbuild's: see rsbuild.ts), handed to that plugin through its options under this key: a
 * symbol, so the options' validation never sees it.
 */
export const DEV_HOST: unique symbol = Symbol.for('execscope.devHost')

export interface DevHost {
  /** The compiler is being served (`rsbuild dev`), not built. */
  readonly isServing: boolean
  /** Calls `use` with the trace file once the dev server has opened it (at once if it has). */
  onTrace: (use: (trace: DevTraceFile) => void) => void
}

/** The dev host in plugin options, if a dev server put one there. */
export function devHostOf(options: unknown): DevHost | undefined {
  return options !== null && typeof options === 'object' ? (options as { [DEV_HOST]?: DevHost })[DEV_HOST] : undefined
}
