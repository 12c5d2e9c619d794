/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";export function* counter(limit) {const __es0t=__es0a(78812624);try{
  let i = 0
  while (i < limit) {
    const reset = __es0u(78812624,__es0t,yield __es0s(78812624,__es0t,i++))
    if (reset) i = 0
  }
  return 'done'
}catch(__es0err){__es0x(78812624,__es0t,__es0err);throw __es0err}finally{__es0r(78812624,__es0t)}}

export function* delegate() {const __es0t=__es0a(147110785);try{
  __es0u(147110785,__es0t,yield __es0s(147110785,__es0t,undefined))
  __es0u(147110785,__es0t,yield* __es0s(147110785,__es0t,counter(2)))
  const sum = 1 + (__es0u(147110785,__es0t,yield __es0s(147110785,__es0t,2)))
  return sum
}catch(__es0err){__es0x(147110785,__es0t,__es0err);throw __es0err}finally{__es0r(147110785,__es0t)}}

export function* withFinally() {const __es0t=__es0a(206534447);try{
  try {
    __es0u(206534447,__es0t,yield __es0s(206534447,__es0t,1))
    __es0u(206534447,__es0t,yield __es0s(206534447,__es0t,2))
  }
  finally {__es0u(206534447,__es0t,0);
    cleanup()
  }
}catch(__es0err){__es0x(206534447,__es0t,__es0err);throw __es0err}finally{__es0r(206534447,__es0t)}}

export const methods = {
  *items() {const __es0t=__es0a(642830220);try{ __es0u(642830220,__es0t,yield __es0s(642830220,__es0t,1)) }catch(__es0err){__es0x(642830220,__es0t,__es0err);throw __es0err}finally{__es0r(642830220,__es0t)}},
}

export class Tree {
  *[Symbol.iterator]() {const __es0t=__es0a(299261870);try{ __es0u(299261870,__es0t,yield* __es0s(299261870,__es0t,[])) }catch(__es0err){__es0x(299261870,__es0t,__es0err);throw __es0err}finally{__es0r(299261870,__es0t)}}
}

function cleanup() {const __es0t=__es0e(550717632);try{;__es0r(550717632,__es0t)}catch(__es0err){__es0x(550717632,__es0t,__es0err);__es0r(550717632,__es0t);throw __es0err}}

/* sites:
 * function counter @1:8 generator test/fixtures/generators.js#counter#0 = 78812624
 * function delegate @10:8 generator test/fixtures/generators.js#delegate#0 = 147110785
 * function withFinally @17:8 generator test/fixtures/generators.js#withFinally#0 = 206534447
 * method methods.items @28:3 generator test/fixtures/generators.js#methods.items#0 = 642830220
 * method Tree.[Symbol.iterator] @32:3 generator test/fixtures/generators.js#Tree.[Symbol.iterator]#0 = 299261870
 * function cleanup @35:1 test/fixtures/generators.js#cleanup#0 = 550717632
 */
