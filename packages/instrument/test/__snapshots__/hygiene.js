/* @execscope-instrumented */import{e as __es1e,r as __es1r,x as __es1x,a as __es1a,s as __es1s,u as __es1u}from"execscope:runtime";// The source already uses the first prefix, so the instrumenter picks the next one.
const __es0t = 'taken'
export function uses() {const __es1t=__es1e(365477721);let __es1rv;try{
  return(__es1rv=( __es0t),__es1r(365477721,__es1t),__es1rv)
;__es1r(365477721,__es1t)}catch(__es1err){__es1x(365477721,__es1t,__es1err);__es1r(365477721,__es1t);throw __es1err}}

/* sites:
 * function uses @3:8 test/fixtures/hygiene.js#uses#0 = 365477721
 */
