/**
 * How much to record for one function, from least to most:
 * - `off`: not instrumented at all;
 * - `count`: calls are counted per site, no call rows;
 * - `calls`: entry, return/throw and async suspensions (call tree and timings);
 * - `values`: `calls` plus previews of arguments, return values and thrown values;
 * - `full`: `values` plus state changes made by the function.
 */
export type RecordLevel = 'off' | 'count' | 'calls' | 'values' | 'full'

/** The levels a whole app may be recorded at (the plugin's `record`, EXECSCOPE_RECORD). */
export const RECORD_LEVELS: readonly ['count', 'calls', 'values', 'full'] = ['count', 'calls', 'values', 'full']

/** What the instrumenter knows about a function when it asks the plan. */
export interface PlannedFunction {
  /** Stable site key, `file#qualifiedName#ordinal`. */
  key: string
  /** Qualified name, e.g. `TodoStore.add`. */
  name: string
  /** Path relative to the project root. */
  file: string
  line: number
  column: number
}

/** Decides what to record for each function of a module. */
export interface InstrumentPlan {
  levelFor: (fn: PlannedFunction) => RecordLevel
}
