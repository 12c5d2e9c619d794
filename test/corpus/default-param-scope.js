// Default values that run code (and so are wrapped to record a throw) see the same `this`,
// `arguments`, `super`, `new.target` and parameters as before, in the same order.
const log = []
const note = (label, value) => { log.push(label); return value }
function usesThis(a = note('this', this && this.tag)) { return a }
function usesArguments(a, b = note('arguments', arguments.length), c = note('arguments[0]', arguments[0])) { return [a, b, c] }
function usesNewTarget(a = note('new.target', new.target === undefined ? 'call' : 'new')) { this.a = a }
function usesEarlier(a, b = note('earlier', a + 1), read = note('closure', () => [a, b])) { a = 10; return [a, b, read()] }
function sloppyAlias(a, b = note('sloppy', a)) { a = 5; return [a, b, arguments[0]] }
class Base { greet(x) { return `base:${x}` } }
class Child extends Base {
  greet(x = note('super', super.greet('default'))) { return x }
  static make(v = note('static this', this.name)) { return v }
}
class Derived extends Base { constructor(a = note('derived this', this)) { super(); this.a = a } }
const named = function (cb = (0, function () {}), ab = note('seq', [1, 2])) { return [cb.name, ab] }
function order(a = note('first', 1), { b = note('second', 2), c } = note('third', {}), [d = note('fourth', 4)] = []) { return [a, b, c, d] }
const results = {}
for (const [name, fn] of Object.entries({
  usesThis: () => usesThis.call({ tag: 't' }),
  usesArguments: () => usesArguments(1),
  usesNewTargetCall: () => { const o = {}; usesNewTarget.call(o); return o.a },
  usesNewTargetNew: () => new usesNewTarget().a,
  usesEarlier: () => usesEarlier(1),
  sloppyAlias: () => sloppyAlias(1),
  super: () => new Child().greet(),
  staticThis: () => Child.make(),
  derivedThis: () => new Derived().a,
  named: () => named(),
  order: () => order(),
  lengths: () => [usesThis.length, usesArguments.length, usesEarlier.length, order.length, named.length],
})) {
  try { results[name] = fn() } catch (e) { results[name] = `${e.constructor.name}:${e.message}` }
}
console.log(JSON.stringify({ results, log }))
