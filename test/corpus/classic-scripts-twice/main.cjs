// Two classic scripts share one global scope, and the first is loaded twice (like a page that
// includes a script tag twice): their top-level `var`s and functions, ours included, must coexist.
const { readFileSync } = require('node:fs')
const { join } = require('node:path')
const vm = require('node:vm')
const counter = readFileSync(join(__dirname, 'counter.script.js'), 'utf8')
const other = readFileSync(join(__dirname, 'other.script.js'), 'utf8')
vm.runInThisContext(counter, { filename: 'counter.script.js' })
const first = globalThis.bump()
vm.runInThisContext(other, { filename: 'other.script.js' })
vm.runInThisContext(counter, { filename: 'counter.script.js' })
const second = globalThis.bump()
console.log(JSON.stringify({ first, second, total: globalThis.total, other: globalThis.otherApi(), loads: globalThis.loads }))
