import type { InstrumentPlan, RecordLevel } from '@execscope/core'

/**
 * The plan used until rules and profile feedback exist: record every function at one level
 * (`calls` unless told otherwise).
 */
export function createDefaultPlan(level: RecordLevel = 'calls'): InstrumentPlan {
  return { levelFor: () => level }
}
