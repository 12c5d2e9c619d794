import { record } from './order.mjs'
record('slow-start')
async function compute() { await new Promise(resolve => setTimeout(resolve, 5)); return 'slow' }
export const slowValue = await compute()
record('slow-end')
