/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";// Entry is recorded after parameter initialisers run.
export function withDefaults(a = (()=>{try{return (compute())}catch(__es0err){const __es0t=__es0e(568903148);__es0x(568903148,__es0t,__es0err);__es0r(568903148,__es0t);throw __es0err}})(), { b = 2, c } = {}, [d] = [], ...rest) {const __es0t=__es0e(568903148);let __es0rv;try{
  return(__es0rv=( [a, b, c, d, rest]),__es0r(568903148,__es0t),__es0rv)
;__es0r(568903148,__es0t)}catch(__es0err){__es0x(568903148,__es0t,__es0err);__es0r(568903148,__es0t);throw __es0err}}

export function callbackDefault(cb = () =>{const __es0t=__es0e(10881695);let __es0rv;try{return (__es0rv=( 'fallback'),__es0r(10881695,__es0t),__es0rv)}catch(__es0err){__es0x(10881695,__es0t,__es0err);__es0r(10881695,__es0t);throw __es0err}}, onError = function () {const __es0t=__es0e(870995929);try{;__es0r(870995929,__es0t)}catch(__es0err){__es0x(870995929,__es0t,__es0err);__es0r(870995929,__es0t);throw __es0err}}) {const __es0t=__es0e(539400500);let __es0rv;try{
  return(__es0rv=( cb()),__es0r(539400500,__es0t),__es0rv)
;__es0r(539400500,__es0t)}catch(__es0err){__es0x(539400500,__es0t,__es0err);__es0r(539400500,__es0t);throw __es0err}}

export const arrowDefaults = (x = 1, y = (()=>{try{return (x + 1)}catch(__es0err){const __es0t=__es0e(180487471);__es0x(180487471,__es0t,__es0err);__es0r(180487471,__es0t);throw __es0err}})()) =>{const __es0t=__es0e(180487471);let __es0rv;try{return (__es0rv=( x + y),__es0r(180487471,__es0t),__es0rv)}catch(__es0err){__es0x(180487471,__es0t,__es0err);__es0r(180487471,__es0t);throw __es0err}}

function compute() {const __es0t=__es0e(226036949);let __es0rv;try{ return(__es0rv=( 1),__es0r(226036949,__es0t),__es0rv) ;__es0r(226036949,__es0t)}catch(__es0err){__es0x(226036949,__es0t,__es0err);__es0r(226036949,__es0t);throw __es0err}}

/* sites:
 * function withDefaults @2:8 test/fixtures/default-params.js#withDefaults#0 = 568903148
 * function callbackDefault @6:8 test/fixtures/default-params.js#callbackDefault#0 = 539400500
 * arrow cb @6:38 test/fixtures/default-params.js#cb#0 = 10881695
 * function onError @6:66 test/fixtures/default-params.js#onError#0 = 870995929
 * arrow arrowDefaults @10:30 test/fixtures/default-params.js#arrowDefaults#0 = 180487471
 * function compute @12:1 test/fixtures/default-params.js#compute#0 = 226036949
 */
