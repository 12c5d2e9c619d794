function count() { return arguments.length }
function strictNoAlias(a) { a = 2; return arguments[0] }
function reassignArguments(a) { arguments[0] = 'changed'; return a }
function arrowSeesOuter() { return (() => arguments.length)() }
function spreadArgs() { return Math.max(...arguments) }
function restAndArgs(a, ...rest) { return [arguments.length, rest.length] }
const obj = { method() { return Array.from(arguments) } }
class K { m() { return arguments.length } }
function callee() { try { return arguments.callee } catch (e) { return e.constructor.name } }
console.log(JSON.stringify({
  count: count(1, 2, 3), strict: strictNoAlias(1), reassign: reassignArguments(1), arrow: arrowSeesOuter(1, 2),
  spread: spreadArgs(3, 9, 4), rest: restAndArgs(1, 2, 3), method: obj.method('x', 'y'), klass: new K().m(1, 2), callee: callee(),
  tag: Object.prototype.toString.call((function () { return arguments })()),
}))
