// Stack frames keep their function names (instrumentation injects into bodies and adds no frames).
function frames(error) {
  return error.stack.split('\n').slice(1, 6).map(line => line.trim().replace(/\s*\(.*\)$/, '').replace(/ file:\/\/.*$/, '').replace(/^at /, ''))
}
class Service {
  run(fn) { return fn() }
  static build() { return new Service() }
}
function outer() { return Service.build().run(() => inner()) }
function inner() { throw new Error('deep') }
const objectMethod = { call() { return outer() } }
let stack
try { objectMethod.call() } catch (e) { stack = frames(e) }
async function asyncOuter() { await null; return asyncInner() }
async function asyncInner() { await null; throw new Error('async-deep') }
let asyncStack
try { await asyncOuter() } catch (e) { asyncStack = frames(e) }
const captured = {}
Error.captureStackTrace(captured)
console.log(JSON.stringify({ stack, asyncStack, captured: typeof captured.stack }))
