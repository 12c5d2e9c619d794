// A function or class returned without a name keeps no name, in `.name` and in stack traces: a
// recorder that stashes the return value in a variable (`rv = (() => 1)`, `rv = (c ? () => 1 : 0)`)
// must not give it that variable's name (V8 names functions after what they are assigned to).
function returnsFunction() { return function () {} }
function returnsArrow() { return () => 1 }
function returnsClass() { return class {} }
function returnsParenthesized() { return (() => 2) }
function returnsNamed() { return function inner() {} }
function returnsInComma() { return (0, () => 3) }
const curried = a => b => c => a + b + c
const makesClass = () => class {}
const makesObjectMethod = () => ({ m() {} }).m
const obj = { factory() { return () => 4 }, get getter() { return function () {} } }
class Maker { make() { return class {} } static build() { return () => 5 } }
function* yieldsThenReturns() { yield 1; return () => 6 }
async function resolvesArrow() { return () => 7 }
function maybe(flag) { if (flag) return () => 8; return function () {} }
// The name a stack trace gives the function that threw: `at name (file…)`, or none.
function frameName(thunk) {
  try { thunk() }
  catch (error) { return /^\s*at (?:new )?([^\s(]+) \(/.exec(error.stack.split('\n')[1])?.[1] ?? '<none>' }
}
const throwsFrom = flag => flag ? () => { throw new Error('arrow') } : null
const throwsClass = () => class { constructor() { throw new Error('class') } static m() { throw new Error('static') } }
function throwsFunction() { return function () { throw new Error('function') } }
const results = {
  frames: [frameName(() => throwsFrom(true)()), frameName(() => new (throwsClass())()), frameName(() => throwsClass().m()), frameName(() => throwsFunction()())],
  returnsFunction: returnsFunction().name,
  returnsArrow: returnsArrow().name,
  returnsClass: returnsClass().name,
  returnsParenthesized: returnsParenthesized().name,
  returnsNamed: returnsNamed().name,
  returnsInComma: returnsInComma().name,
  curried: [curried(1).name, curried(1)(2).name, curried(1)(2)(3)],
  makesClass: makesClass().name,
  makesObjectMethod: makesObjectMethod().name,
  factory: obj.factory().name,
  getter: obj.getter.name,
  make: new Maker().make().name,
  build: Maker.build().name,
  generator: [...(function* () { const it = yieldsThenReturns(); it.next(); yield it.next().value.name })()],
  maybe: [maybe(true).name, maybe(false).name],
}
results.async = (await resolvesArrow()).name
console.log(JSON.stringify(results))
