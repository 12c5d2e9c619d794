/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";export default function () {const __es0t=__es0e(229755289);let __es0rv;try{
  return(__es0rv=( helper()),__es0r(229755289,__es0t),__es0rv)
;__es0r(229755289,__es0t)}catch(__es0err){__es0x(229755289,__es0t,__es0err);__es0r(229755289,__es0t);throw __es0err}}

function helper() {const __es0t=__es0e(801566274);let __es0rv;try{ return(__es0rv=( 1),__es0r(801566274,__es0t),__es0rv) ;__es0r(801566274,__es0t)}catch(__es0err){__es0x(801566274,__es0t,__es0err);__es0r(801566274,__es0t);throw __es0err}}

/* sites:
 * function default @1:16 test/fixtures/export-default.js#default#0 = 229755289
 * function helper @5:1 test/fixtures/export-default.js#helper#0 = 801566274
 */
