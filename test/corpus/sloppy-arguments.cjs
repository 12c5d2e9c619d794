function alias(a, b) { a = 'changed'; arguments[1] = 'via-arguments'; return [a, b, arguments[0], arguments.length] }
function noAliasWithDefault(a = 0) { a = 'changed'; return arguments[0] }
function noAliasWithRest(a, ...rest) { a = 'changed'; return [arguments[0], rest.length] }
function calleeName() { return arguments.callee.name }
function extra(a) { arguments[3] = 'x'; return [arguments.length, a] }
function deleteAlias(a) { delete arguments[0]; a = 'after-delete'; return [arguments[0], a] }
function sameNameFunction(a) { function a() { return 'fn' } return typeof a }
function varShadow(x) { var x; return x }
function innerDeclaration(flag) {
  if (flag) { function inBlock() { return 'annex-b' } }
  return typeof inBlock === 'function' ? inBlock() : typeof inBlock
}
const asArrow = function () { return (() => arguments[0])() }
console.log(JSON.stringify({
  alias: alias(1, 2),
  noAliasWithDefault: noAliasWithDefault(1),
  noAliasWithRest: noAliasWithRest(1, 2, 3),
  calleeName: calleeName(),
  extra: extra('a'),
  deleteAlias: deleteAlias('orig'),
  sameNameFunction: sameNameFunction(1),
  varShadow: varShadow('kept'),
  innerDeclaration: [innerDeclaration(true), innerDeclaration(false)],
  asArrow: asArrow('outer-arg'),
}))
