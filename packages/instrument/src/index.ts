export { instrument } from './instrument.ts'
export type { InstrumentOptions, InstrumentResult } from './instrument.ts'
