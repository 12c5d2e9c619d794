// Entry `@execscope/runtime/probes-node`: the probes plus Node's own, the messages between a
// thread and its worker threads. Separate from `@execscope/runtime/probes`, so browsers do not load
// the Node-only code.
import type { ProbeOptions, RuntimeRing } from './probes/install-probes.ts'
import { installProbes as installPortableProbes } from './probes/install-probes.ts'
import { patchWorkerMessages } from './probes/worker-messages.ts'

export { withoutProbes } from './probes/install-probes.ts'
export type { ProbeOptions, RuntimeRing } from './probes/install-probes.ts'

/** `installProbes` of `@execscope/runtime/probes`, with the worker-thread message probes unless `workerMessages: false`. */
export function installProbes(ring: RuntimeRing, options: ProbeOptions = {}): () => void {
  return installPortableProbes(ring, options, options.workerMessages === false ? [] : [(state, inst) => patchWorkerMessages(state, inst)])
}
