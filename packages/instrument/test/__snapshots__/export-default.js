/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";export default function () {const __es0t=__es0e(229755289);try{
  return helper()
}catch(__es0err){__es0x(229755289,__es0t,__es0err);throw __es0err}finally{__es0r(229755289,__es0t)}}

function helper() {const __es0t=__es0e(801566274);try{ return 1 }catch(__es0err){__es0x(801566274,__es0t,__es0err);throw __es0err}finally{__es0r(801566274,__es0t)}}

/* sites:
 * function default @1:16 test/fixtures/export-default.js#default#0 = 229755289
 * function helper @5:1 test/fixtures/export-default.js#helper#0 = 801566274
 */
