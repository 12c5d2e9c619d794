/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";// Wrapping the body in try{} makes body-level function declarations block-scoped: these stay untouched.
function varAndFunction() {
  var g = 1
  function g() {const __es0t=__es0e(393241181);try{}catch(__es0err){__es0x(393241181,__es0t,__es0err);throw __es0err}finally{__es0r(393241181,__es0t)}}
  return g
}

function paramShadow(g) {
  function g() {const __es0t=__es0e(376463562);try{}catch(__es0err){__es0x(376463562,__es0t,__es0err);throw __es0err}finally{__es0r(376463562,__es0t)}}
  return arguments[0]
}

// No conflict: instrumented.
function fine() {const __es0t=__es0e(607722958);try{
  function g() {const __es0t=__es0e(359685943);try{ return 1 }catch(__es0err){__es0x(359685943,__es0t,__es0err);throw __es0err}finally{__es0r(359685943,__es0t)}}
  let h = 2
  return g() + h
}catch(__es0err){__es0x(607722958,__es0t,__es0err);throw __es0err}finally{__es0r(607722958,__es0t)}}

export { varAndFunction, paramShadow, fine }

/* sites:
 * function g @4:3 test/fixtures/block-scope.js#g#0 = 393241181
 * function g @9:3 test/fixtures/block-scope.js#g#1 = 376463562
 * function fine @14:1 test/fixtures/block-scope.js#fine#0 = 607722958
 * function g @15:3 test/fixtures/block-scope.js#g#2 = 359685943
 */
