import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import type { ResolvedOptions } from '@execscope/core'

const require = createRequire(import.meta.url)

/** Absolute path of the browser runtime bundle that the virtual runtime module imports. */
export function browserRuntimePath(): string {
  return require.resolve('@execscope/runtime/browser')
}

/** The runtime package's directory, excluded from instrumentation. */
export function runtimeDirOf(runtimePath: string): string {
  return dirname(dirname(runtimePath))
}

/**
 * Source of the virtual `execscope:runtime` module: it installs the runtime once per page with the
 * resolved options and re-exports the six recording functions that instrumented modules import.
 */
export function runtimeModuleCode(runtimeUrl: string, options: ResolvedOptions, endpoint: string): string {
  const config = {
    endpoint,
    ringCapacity: options.ringCapacity,
    flushIntervalMs: options.flushIntervalMs,
    timedCallsPerSite: options.timedCallsPerSite,
    sampleEvery: options.sampleEvery,
  }
  return [
    `import { install } from ${JSON.stringify(runtimeUrl)};`,
    `export const { e, r, x, a, s, u } = install(${JSON.stringify(config)});`,
    '',
  ].join('\n')
}
