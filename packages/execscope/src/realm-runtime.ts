import type { NodeInstalledRuntime } from '@execscope/runtime/node'
import type { RuntimeRing } from '@execscope/runtime/probes-node'
import type { StateRing } from '@execscope/runtime/state'
import Module from 'node:module'
import { join, resolve } from 'node:path'
import { REALM_RUNTIME_SYMBOL, RECORDING_DEFAULTS } from '@execscope/core/codec'
import { install } from '@execscope/runtime/node'
import { installProbes } from '@execscope/runtime/probes-node'
import { installState } from '@execscope/runtime/state'
import { installValues } from '@execscope/runtime/values'
import type { RegisterPaths } from './module-instrumenter.ts'
import { probesEnabled, recordLevel, ringCapacity, sampleRate, SITES_DIR_NAME } from './trace-paths.ts'

/**
 * Where the runtime of a process that no bundler built is found by code running in other realms
 * of that process: Jest runs each test file in its own vm context, whose globalThis is not this
 * one, but core modules are shared, so the context reads it from `require('node:module')`.
 */
export const REALM_RUNTIME_KEY: symbol = Symbol.for(REALM_RUNTIME_SYMBOL)

/** Paths of the trace directory under the working directory: `.execscope/`. */
export function realmPaths(root: string = process.cwd()): RegisterPaths {
  const traceDir = resolve(root, '.execscope')
  return { root, sitesDir: join(traceDir, SITES_DIR_NAME), cacheDir: join(traceDir, 'cache') }
}

/**
 * Installs the Node runtime on this thread for `--import execscope/register` and `execscope/jest`:
 * records go to EXECSCOPE_ENDPOINT when set (a collector, `execscope serve`), else to a batch file
 * in EXECSCOPE_BATCH_DIR or `.execscope/batches/` for `execscope ingest`; the probes follow unless
 * EXECSCOPE_PROBES=0 (see `probesEnabled`), the value and state recorders as EXECSCOPE_RECORD says (see `recordLevel`); only a fraction
 * EXECSCOPE_SAMPLE of processes record (see `sampleRate`); each thread's ring holds EXECSCOPE_RING_CAPACITY records (see `ringCapacity`). Idempotent, like `install`.
 */
export function installRealmRuntime(root: string = process.cwd()): NodeInstalledRuntime {
  const options = RECORDING_DEFAULTS
  const endpoint = process.env.EXECSCOPE_ENDPOINT
  const batchDir = process.env.EXECSCOPE_BATCH_DIR ?? join(resolve(root, '.execscope'), 'batches')
  const runtime = install({
    ...(endpoint ? { endpoint } : { file: join(batchDir, `${Date.now().toString(36)}-${process.pid}.batches`) }),
    ringCapacity: ringCapacity(options.nodeRingCapacity),
    flushIntervalMs: options.flushIntervalMs,
    timedCallsPerSite: options.timedCallsPerSite,
    sampleEvery: options.sampleEvery,
    sample: sampleRate(),
  })
  const shared = Module as unknown as Record<symbol, unknown>
  if (shared[REALM_RUNTIME_KEY] !== runtime) {
    shared[REALM_RUNTIME_KEY] = runtime
    // After the runtime, so that its own timer and listeners are not probed (nor the recorders').
    const { recorder } = runtime as typeof runtime & { recorder?: { ring: RuntimeRing & StateRing, calls?: { isInCountedCall?: () => boolean }, previewNs?: number } }
    // On the runtime object, where instrumented modules of every realm find them; before the
    // probes, so their timers are not probed. The Node runtime previews thrown values itself.
    const level = recordLevel()
    if (recorder && (level === 'values' || level === 'full') && !('q' in runtime)) Object.assign(runtime, installValues({ r: runtime.r, x: runtime.x, recorder }, { previewThrown: false }))
    if (recorder && level === 'full' && !('c' in runtime)) Object.assign(runtime, installState(recorder.ring, { isInCountedCall: recorder.calls?.isInCountedCall, cost: recorder }))
    if (recorder && probesEnabled()) installProbes(recorder.ring, { isInCountedCall: recorder.calls?.isInCountedCall })
  }
  return runtime
}

/**
 * For execscope/jest: the runtime is installed on this thread the first time code of a test file
 * asks for it at `require('node:module')[REALM_RUNTIME_KEY]` (execscope/jest-setup, or the header
 * of a module that loads before it). A process that only loads the transformer, as Jest's main
 * process does when workers run the tests, then records nothing and writes no batch file.
 */
export function offerRealmRuntime(root: string = process.cwd()): void {
  const shared = Module as unknown as Record<symbol, unknown>
  if (Object.getOwnPropertyDescriptor(shared, REALM_RUNTIME_KEY)) return
  Object.defineProperty(shared, REALM_RUNTIME_KEY, {
    configurable: true,
    get(): NodeInstalledRuntime | undefined {
      // installRealmRuntime puts the runtime itself in its place.
      delete shared[REALM_RUNTIME_KEY]
      try {
        return installRealmRuntime(root)
      }
      catch (error) {
        shared[REALM_RUNTIME_KEY] = undefined
        process.stderr.write(`[execscope] Could not install the runtime: ${(error as Error).message} Nothing is recorded in this process.\n`)
        return undefined
      }
    },
  })
}
