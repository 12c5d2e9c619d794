export { instrument } from './instrument.ts'
export type { InstrumentOptions, InstrumentResult } from './instrument.ts'
export type { SourceMap } from './source-map.ts'
