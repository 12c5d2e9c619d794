/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";export async function sum(a, b) {const __es0t=__es0a(258877338);try{
  return (__es0u(258877338,__es0t,await __es0s(258877338,__es0t,a))) + __es0u(258877338,__es0t,await __es0s(258877338,__es0t,b))
}catch(__es0err){__es0x(258877338,__es0t,__es0err);throw __es0err}finally{__es0r(258877338,__es0t)}}

export async function precedence(p) {const __es0t=__es0a(69496657);try{
  const x = __es0u(69496657,__es0t,await __es0s(69496657,__es0t,p)) ?? 1
  const y = -(__es0u(69496657,__es0t,await __es0s(69496657,__es0t,p)))
  const z = [__es0u(69496657,__es0t,await __es0s(69496657,__es0t,p)), ...(__es0u(69496657,__es0t,await __es0s(69496657,__es0t,p)))]
  const w = `${__es0u(69496657,__es0t,await __es0s(69496657,__es0t,p))}`
  const v = (__es0u(69496657,__es0t,await __es0s(69496657,__es0t,p)))?.length
  return __es0u(69496657,__es0t,await __es0s(69496657,__es0t,__es0u(69496657,__es0t,await __es0s(69496657,__es0t,p)))) + x + y + z + w + v
}catch(__es0err){__es0x(69496657,__es0t,__es0err);throw __es0err}finally{__es0r(69496657,__es0t)}}

export async function handled(p) {const __es0t=__es0a(348694231);try{
  try {
    __es0u(348694231,__es0t,await __es0s(348694231,__es0t,p))
  }
  catch (error) {__es0u(348694231,__es0t,0);
    return error
  }
  finally {__es0u(348694231,__es0t,0);
    cleanup()
  }
}catch(__es0err){__es0x(348694231,__es0t,__es0err);throw __es0err}finally{__es0r(348694231,__es0t)}}

export async function nested(p) {const __es0t=__es0a(701572794);try{
  const inner = async () =>{const __es0t=__es0a(970670125);try{return ( __es0u(970670125,__es0t,await __es0s(970670125,__es0t,p)))}catch(__es0err){__es0x(970670125,__es0t,__es0err);throw __es0err}finally{__es0r(970670125,__es0t)}}
  function notMine() {const __es0t=__es0e(449808242);let __es0rv;try{ return(__es0rv=( 1),__es0r(449808242,__es0t),__es0rv) ;__es0r(449808242,__es0t)}catch(__es0err){__es0x(449808242,__es0t,__es0err);__es0r(449808242,__es0t);throw __es0err}}
  class K { [__es0u(701572794,__es0t,await __es0s(701572794,__es0t,p))]() {const __es0t=__es0e(232698550);try{;__es0r(232698550,__es0t)}catch(__es0err){__es0x(232698550,__es0t,__es0err);__es0r(232698550,__es0t);throw __es0err}} }
  return [inner, notMine, K]
}catch(__es0err){__es0x(701572794,__es0t,__es0err);throw __es0err}finally{__es0r(701572794,__es0t)}}

function cleanup() {const __es0t=__es0e(462696621);try{;__es0r(462696621,__es0t)}catch(__es0err){__es0x(462696621,__es0t,__es0err);__es0r(462696621,__es0t);throw __es0err}}

// Top-level await belongs to no function: left untouched.
export const top = await Promise.resolve(1)

/* sites:
 * function sum @1:8 async test/fixtures/async-await.js#sum#0 = 258877338
 * function precedence @5:8 async test/fixtures/async-await.js#precedence#0 = 69496657
 * function handled @14:8 async test/fixtures/async-await.js#handled#0 = 348694231
 * function nested @26:8 async test/fixtures/async-await.js#nested#0 = 701572794
 * arrow inner @27:17 async test/fixtures/async-await.js#inner#0 = 970670125
 * function notMine @28:3 test/fixtures/async-await.js#nested.notMine#0 = 449808242
 * method K.[await p] @29:13 test/fixtures/async-await.js#K.[await p]#0 = 232698550
 * function cleanup @33:1 test/fixtures/async-await.js#cleanup#0 = 462696621
 */
