import { b } from './b.mjs'
export const log = []
log.push('a-body')
// Hoisted: b.mjs calls this before a.mjs's body has run.
export function a() { return 'a-hoisted' }
export function callsB() { return `a->${b()}` }
export default function () { return 'a-default' }
