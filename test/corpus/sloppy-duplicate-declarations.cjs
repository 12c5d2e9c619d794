function dup() {
  function f() { return 'first' }
  function f() { return 'second' }
  return f()
}
function varAndFunction() {
  var g = 'var-first'
  function g() { return 'fn' }
  return typeof g
}
function paramAndFunction(h) {
  function h() { return 'fn-wins' }
  return [typeof h, typeof arguments[0]]
}
function blockHoisting() {
  var before = typeof lateBlock
  { function lateBlock() { return 1 } }
  return [before, typeof lateBlock]
}
function fine(a) { return a + 1 }
console.log(JSON.stringify({ dup: dup(), varAndFunction: varAndFunction(), paramAndFunction: paramAndFunction(1), blockHoisting: blockHoisting(), fine: fine(1) }))
