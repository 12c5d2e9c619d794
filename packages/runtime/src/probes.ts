// Entry `@execscope/runtime/probes`: runtime probes that report causal links (timers, promise
// reactions, fetch, events, messages). A separate module, so the browser runtime does not carry it.
export { installProbes, withoutProbes } from './probes/install-probes.ts'
export type { ProbeOptions, RuntimeRing } from './probes/install-probes.ts'
