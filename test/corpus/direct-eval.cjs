var globalEval = eval
var outer = 'module-outer'
function declaresVar() { eval('var injected = "from-eval"'); return typeof injected === 'string' ? injected : 'missing' }
function readsLocal(x) { var local = x * 2; return eval('local + 1') }
function declaresFunction() { eval('function made() { return "made" }'); return made() }
function indirect() { var outer = 'local'; return [globalEval('typeof outer'), (0, eval)('1 + 1')] }
function strictEval() { 'use strict'; eval('var leak = 1'); return typeof leak }
function nestedClosure() { eval('var v = 10'); return [1, 2].map(function (n) { return n + v }) }
function shadowsOurNames() { eval('var __execscope = "user value"'); return typeof __execscope }
function evalArguments(a) { return eval('arguments.length + a') }
function evalThis() { return eval('this') === globalThis }
const arrowEval = (x) => eval('x + 1')
console.log(JSON.stringify({
  declaresVar: declaresVar(),
  readsLocal: readsLocal(4),
  declaresFunction: declaresFunction(),
  indirect: indirect(),
  strictEval: strictEval(),
  nestedClosure: nestedClosure(),
  shadowsOurNames: shadowsOurNames(),
  evalArguments: evalArguments(5, 6),
  evalThis: evalThis(),
  arrowEval: arrowEval(1),
}))
