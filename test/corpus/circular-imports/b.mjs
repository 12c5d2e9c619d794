import { a, callsB } from './a.mjs'
import aDefault from './a.mjs'
let tdz
try { tdz = typeof log } catch (e) { tdz = e.constructor.name }
export const bSawA = [a(), aDefault(), typeof callsB, tdz]
export function b() { return 'b' }
