import { apply } from './patch.ts'

/** The parts of Node's `node:worker_threads` the message probes use, typed structurally (no Node types here). */
export interface WorkerThreadsModule {
  readonly Worker?: { readonly prototype?: unknown }
  readonly MessagePort?: { readonly prototype?: unknown }
  /** In a worker thread, the port to its parent; null on the main thread. */
  readonly parentPort?: unknown
  readonly threadId?: unknown
  readonly isMainThread?: unknown
}

/**
 * Node's `node:worker_threads`, reached through `process.getBuiltinModule` (Node 20.16+, which the
 * runtime requires anyway) rather than imported: this module goes into the probes bundle that
 * browsers load too, where there is no such function (nor in a bundler's `process` polyfill), and
 * the answer is undefined: no worker probes.
 */
export function nodeWorkerThreads(): WorkerThreadsModule | undefined {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: unknown } }).process
    const getBuiltinModule = typeof proc === 'object' && proc !== null ? proc.getBuiltinModule : undefined
    if (typeof getBuiltinModule !== 'function') return undefined
    const module: unknown = apply(getBuiltinModule, proc, ['node:worker_threads'])
    return typeof module === 'object' && module !== null ? module as WorkerThreadsModule : undefined
  }
  catch {
    return undefined
  }
}
