const out = []
out.push(typeof later, later())
function later() { return 'hoisted' }
out.push(typeof notYet)
var notYet = function () {}
try { letFn() } catch (e) { out.push(e.constructor.name) }
const letFn = () => 1
function outer() {
  out.push(inner())
  return inner
  function inner() { return 'inner-hoisted' }
}
out.push(typeof outer())
{
  function blockScoped() { return 'block' }
  out.push(blockScoped())
}
out.push(typeof blockScoped)
function varRedeclared() { var a = 1; var a; return a }
out.push(varRedeclared())
function shadow(x) { { let x = 'inner' } return x }
out.push(shadow('param'))
console.log(JSON.stringify(out))
