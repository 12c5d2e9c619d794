// Entry `@execscope/runtime/values`: previews of the arguments, return values and (where the
// runtime does not preview them itself) thrown values of functions recorded at level `values` or
// `full`. A separate module, so the browser runtime does not carry it.
export { installValues } from './values/install-values.ts'
export type { ValueFunctions, ValuesOptions, ValuesRuntime } from './values/install-values.ts'
