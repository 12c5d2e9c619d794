/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";export default class {
  render() {const __es0t=__es0e(671142206);let __es0rv;try{ return(__es0rv=( 1),__es0r(671142206,__es0t),__es0rv) ;__es0r(671142206,__es0t)}catch(__es0err){__es0x(671142206,__es0t,__es0err);__es0r(671142206,__es0t);throw __es0err}}
}

/* sites:
 * method default.render @2:3 test/fixtures/export-default-class.js#default.render#0 = 671142206
 */
