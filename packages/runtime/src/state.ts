// Entry `@execscope/runtime/state`: records state changes (assignments to properties of `this` in
// functions recorded at level `full`). A separate module, so the browser runtime does not carry it.
export { installState } from './state/install-state.ts'
export type { StateFunctions, StateOptions, StateRing } from './state/install-state.ts'
