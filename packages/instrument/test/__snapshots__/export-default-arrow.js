/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";export default async () => {const __es0t=__es0a(147538517);try{
  __es0u(147538517,__es0t,await __es0s(147538517,__es0t,null))
}catch(__es0err){__es0x(147538517,__es0t,__es0err);throw __es0err}finally{__es0r(147538517,__es0t)}}

/* sites:
 * arrow default @1:16 async test/fixtures/export-default-arrow.js#default#0 = 147538517
 */
