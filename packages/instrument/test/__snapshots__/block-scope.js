/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";// Wrapping the body in try{} makes body-level function declarations block-scoped: these stay untouched.
function varAndFunction() {
  var g = 1
  function g() {const __es0t=__es0e(722808911);try{;__es0r(722808911,__es0t)}catch(__es0err){__es0x(722808911,__es0t,__es0err);__es0r(722808911,__es0t);throw __es0err}}
  return g
}

function paramShadow(g) {
  function g() {const __es0t=__es0e(366015442);try{;__es0r(366015442,__es0t)}catch(__es0err){__es0x(366015442,__es0t,__es0err);__es0r(366015442,__es0t);throw __es0err}}
  return arguments[0]
}

// No conflict: instrumented.
function fine() {const __es0t=__es0e(607722958);let __es0rv;try{
  function g() {const __es0t=__es0e(656100657);let __es0rv;try{ return(__es0rv=( 1),__es0r(656100657,__es0t),__es0rv) ;__es0r(656100657,__es0t)}catch(__es0err){__es0x(656100657,__es0t,__es0err);__es0r(656100657,__es0t);throw __es0err}}
  let h = 2
  return(__es0rv=( g() + h),__es0r(607722958,__es0t),__es0rv)
;__es0r(607722958,__es0t)}catch(__es0err){__es0x(607722958,__es0t,__es0err);__es0r(607722958,__es0t);throw __es0err}}

export { varAndFunction, paramShadow, fine }

/* sites:
 * function g @4:3 test/fixtures/block-scope.js#varAndFunction.g#0 = 722808911
 * function g @9:3 test/fixtures/block-scope.js#paramShadow.g#0 = 366015442
 * function fine @14:1 test/fixtures/block-scope.js#fine#0 = 607722958
 * function g @15:3 test/fixtures/block-scope.js#fine.g#0 = 656100657
 */
