/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";export function render(items) {const __es0t=__es0e(146049951);let __es0rv;try{
  return(__es0rv=( items.map((item) => {const __es0t=__es0e(7859180);let __es0rv;try{
    return(__es0rv=( [item].filter(function () {const __es0t=__es0e(1034897939);let __es0rv;try{ return(__es0rv=( true),__es0r(1034897939,__es0t),__es0rv) ;__es0r(1034897939,__es0t)}catch(__es0err){__es0x(1034897939,__es0t,__es0err);__es0r(1034897939,__es0t);throw __es0err}}).map(x =>{const __es0t=__es0e(663688827);try{return ( () =>{const __es0t=__es0e(507917312);let __es0rv;try{return (__es0rv=( x),__es0r(507917312,__es0t),__es0rv)}catch(__es0err){__es0x(507917312,__es0t,__es0err);__es0r(507917312,__es0t);throw __es0err}})}catch(__es0err){__es0x(663688827,__es0t,__es0err);throw __es0err}finally{__es0r(663688827,__es0t)}})),__es0r(7859180,__es0t),__es0rv)
  ;__es0r(7859180,__es0t)}catch(__es0err){__es0x(7859180,__es0t,__es0err);__es0r(7859180,__es0t);throw __es0err}})),__es0r(146049951,__es0t),__es0rv)
;__es0r(146049951,__es0t)}catch(__es0err){__es0x(146049951,__es0t,__es0err);__es0r(146049951,__es0t);throw __es0err}}

setTimeout(() => {const __es0t=__es0e(380268094);try{
  ;(function () {const __es0t=__es0e(1061800201);try{
    [1].forEach(v =>{const __es0t=__es0e(913218494);let __es0rv;try{return (__es0rv=( v),__es0r(913218494,__es0t),__es0rv)}catch(__es0err){__es0x(913218494,__es0t,__es0err);__es0r(913218494,__es0t);throw __es0err}})
  ;__es0r(1061800201,__es0t)}catch(__es0err){__es0x(1061800201,__es0t,__es0err);__es0r(1061800201,__es0t);throw __es0err}})()
;__es0r(380268094,__es0t)}catch(__es0err){__es0x(380268094,__es0t,__es0err);__es0r(380268094,__es0t);throw __es0err}}, 0)

/* sites:
 * function render @1:8 test/fixtures/nested-anonymous.js#render#0 = 146049951
 * arrow render.<arrow@2:20> @2:20 test/fixtures/nested-anonymous.js#render.<arrow>#0 = 7859180
 * function render.<arrow@2:20>.<anonymous> @3:26 test/fixtures/nested-anonymous.js#render.<arrow>.<anonymous>#0 = 1034897939
 * arrow render.<arrow@2:20>.<arrow@3:59> @3:59 test/fixtures/nested-anonymous.js#render.<arrow>.<arrow>#0 = 663688827
 * arrow render.<arrow@2:20>.<arrow@3:59>.<arrow@3:64> @3:64 test/fixtures/nested-anonymous.js#render.<arrow>.<arrow>.<arrow>#0 = 507917312
 * arrow <arrow@7:12> @7:12 test/fixtures/nested-anonymous.js#<arrow>#0 = 380268094
 * function <arrow@7:12>.<anonymous> @8:5 test/fixtures/nested-anonymous.js#<arrow>.<anonymous>#0 = 1061800201
 * arrow <arrow@7:12>.<anonymous>.<arrow@9:17> @9:17 test/fixtures/nested-anonymous.js#<arrow>.<anonymous>.<arrow>#0 = 913218494
 */
