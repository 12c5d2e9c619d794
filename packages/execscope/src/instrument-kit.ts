/*
 * What instrumenting a module needs besides the cache: the instrumenter (acorn and all), the
 * planner and the source-map libraries. `--import execscope/register` loads this only on its first
 * cache miss (on the app's thread for CommonJS, on the hooks thread for ES modules), so that a
 * process served from the cache starts without them: about 13 ms less per process, and a test
 * runner starts one process per test file. An entry of its own in the build
 * (dist/instrument-kit.js), so that it can be loaded by that name. (The Jest transformer imports
 * it at once: Jest's workers live across test files.)
 */
import { instrument } from '@execscope/instrument'
import { createDefaultPlan } from '@execscope/planner'
import { composeWithLowering } from './esbuild-lowering.ts'
import { mapSitesToSource, originalNames, userCodePlan } from './upstream-positions.ts'

export interface InstrumentKit {
  instrument: typeof instrument
  createDefaultPlan: typeof createDefaultPlan
  userCodePlan: typeof userCodePlan
  mapSitesToSource: typeof mapSitesToSource
  composeWithLowering: typeof composeWithLowering
  originalNames: typeof originalNames
}

export const kit: InstrumentKit = { instrument, createDefaultPlan, userCodePlan, mapSitesToSource, composeWithLowering, originalNames }
