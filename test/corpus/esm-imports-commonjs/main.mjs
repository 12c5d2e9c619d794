import lib, { named, Counter } from './lib.cjs'
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
const again = require('./lib.cjs')
const c = new Counter()
c.add(2)
console.log(JSON.stringify({ named: named(), defaultKeys: Object.keys(lib).sort(), same: again === lib, count: c.count, counterName: Counter.name }))
