import { order, record } from './order.mjs'
import { slowValue } from './slow.mjs'
import { fastValue } from './fast.mjs'
record('main')
console.log(JSON.stringify({ order, slowValue, fastValue }))
