// Entry `@execscope/runtime/probes`: runtime probes that report causal links (timers, promise
// reactions, fetch, events, messages). A separate module, so the browser runtime does not carry it.
import type { ProbeOptions, RuntimeRing } from './probes/install-probes.ts'
import { patchBrowserWorkers } from './probes/browser-workers.ts'
import { installProbes as installPortableProbes } from './probes/install-probes.ts'

export { withoutProbes } from './probes/install-probes.ts'
export type { ProbeOptions, RuntimeRing } from './probes/install-probes.ts'
export type { JoinableThread } from './probes/browser-workers.ts'

/**
 * `installProbes` of install-probes.ts, with the Web Worker message probes when `options.thread`
 * (the realm's runtime) is given, unless `workerMessages: false`.
 */
export function installProbes(ring: RuntimeRing, options: ProbeOptions = {}): () => void {
  const thread = options.thread
  return installPortableProbes(ring, options, thread === undefined || options.workerMessages === false ? [] : [(state, inst) => patchBrowserWorkers(state, inst, thread)])
}
