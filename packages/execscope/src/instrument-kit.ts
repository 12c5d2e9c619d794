/*
 * What instrumenting a module needs besides the cache: the instrumenter (acorn and all), the
 * planner and the source-map libraries. Module instrumenters (register, Jest) load this only on
 * their first cache miss, so that a process served from the cache starts without them: about
 * 15 ms less on each thread that loads modules, and a run of a test suite starts one process per
 * test file. An entry of its own in the build (dist/instrument-kit.js), so that it can be loaded
 * by that name.
 */
import { instrument } from '@execscope/instrument'
import { createDefaultPlan } from '@execscope/planner'
import { composeWithLowering } from './esbuild-lowering.ts'
import { mapSitesToSource, sourceOnlyPlan } from './upstream-positions.ts'

export interface InstrumentKit {
  instrument: typeof instrument
  createDefaultPlan: typeof createDefaultPlan
  sourceOnlyPlan: typeof sourceOnlyPlan
  mapSitesToSource: typeof mapSitesToSource
  composeWithLowering: typeof composeWithLowering
}

export const kit: InstrumentKit = { instrument, createDefaultPlan, sourceOnlyPlan, mapSitesToSource, composeWithLowering }
