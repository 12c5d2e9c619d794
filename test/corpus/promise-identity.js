let thenCalls = 0
const originalThen = Promise.prototype.then
Promise.prototype.then = function (...args) { thenCalls++; return originalThen.apply(this, args) }
class MyPromise extends Promise {}
async function plain() { return 1 }
async function returnsSubclass() { return MyPromise.resolve(2) }
async function awaitsSubclass() { return await new MyPromise(resolve => resolve(3)) }
const arrow = async () => 4
const method = { async m() { return 5 } }
async function* agen() { yield 6 }
const promises = [plain(), returnsSubclass(), awaitsSubclass(), arrow(), method.m()]
const kinds = promises.map(p => [p.constructor.name, Object.getPrototypeOf(p) === Promise.prototype, Object.prototype.toString.call(p)])
const thenCallsAfterCalls = thenCalls
const g = agen()
const results = await Promise.all(promises)
const genKind = [Object.prototype.toString.call(g), Object.prototype.toString.call(g.next())]
const fnKinds = [plain, arrow, agen].map(f => Object.prototype.toString.call(f) + f.constructor.name)
Promise.prototype.then = originalThen
console.log(JSON.stringify({ kinds, thenCallsAfterCalls, results, genKind, fnKinds, distinct: plain() !== plain() }))
