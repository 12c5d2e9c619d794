/* @execscope-instrumented */var __es0g=globalThis.__execscope||{},__es0n=function(s,t,v){return v},__es0e=__es0g.e||__es0n,__es0r=__es0g.r||__es0n,__es0x=__es0g.x||__es0n,__es0a=__es0g.a||__es0n,__es0s=__es0g.s||__es0n,__es0u=__es0g.u||__es0n;// A classic script (sloppy): `with` makes it unparseable as a module.
function usesEval(code) {
  var local = 1
  function nested() { return local }
  return eval(code) + nested()
}

function indirectEval(code) {const __es0t=__es0e(699111155);let __es0rv;try{
  return(__es0rv=( (0, eval)(code)),__es0r(699111155,__es0t),__es0rv)
;__es0r(699111155,__es0t)}catch(__es0err){__es0x(699111155,__es0t,__es0err);__es0r(699111155,__es0t);throw __es0err}}

function parenthesisedEval(code) {
  return (eval)(code)
}

function strictEval(code) {
  'use strict';const __es0t=__es0e(174925820);let __es0rv;try{
  return(__es0rv=( eval(code)),__es0r(174925820,__es0t),__es0rv)
;__es0r(174925820,__es0t)}catch(__es0err){__es0x(174925820,__es0t,__es0err);__es0r(174925820,__es0t);throw __es0err}}

function usesWith(scope) {const __es0t=__es0e(90701763);try{
  with (scope) {
    var f = function () { return value }
    var g = () => value
  }
  return f() + g()
}catch(__es0err){__es0x(90701763,__es0t,__es0err);throw __es0err}finally{__es0r(90701763,__es0t)}}

async function asyncWith(scope) {
  with (scope) {
    await value
  }
}

function plain() {const __es0t=__es0e(220481775);let __es0rv;try{ return(__es0rv=( 1),__es0r(220481775,__es0t),__es0rv) ;__es0r(220481775,__es0t)}catch(__es0err){__es0x(220481775,__es0t,__es0err);__es0r(220481775,__es0t);throw __es0err}}

/* sites:
 * function indirectEval @8:1 test/fixtures/eval-with.js#indirectEval#0 = 699111155
 * function strictEval @16:1 test/fixtures/eval-with.js#strictEval#0 = 174925820
 * function usesWith @21:1 test/fixtures/eval-with.js#usesWith#0 = 90701763
 * function plain @35:1 test/fixtures/eval-with.js#plain#0 = 220481775
 */
