import { record } from './order.mjs'
record('fast')
export const fastValue = (() => 'fast')()
