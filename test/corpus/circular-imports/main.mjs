import { log, a, callsB } from './a.mjs'
import { b, bSawA } from './b.mjs'
log.push('main-body')
console.log(JSON.stringify({ log, a: a(), b: b(), callsB: callsB(), bSawA }))
