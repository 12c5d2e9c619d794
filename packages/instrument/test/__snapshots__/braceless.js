/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";export function pick(c) {const __es0t=__es0e(120003605);try{
  if (c) return first()
  else return second()
}catch(__es0err){__es0x(120003605,__es0t,__es0err);throw __es0err}finally{__es0r(120003605,__es0t)}}

export function asi(a) {const __es0t=__es0e(505417777);try{
  let b = a
  ;[b] = [b + 1]
  return b
}catch(__es0err){__es0x(505417777,__es0t,__es0err);throw __es0err}finally{__es0r(505417777,__es0t)}}

export function returnNewline() {const __es0t=__es0e(815136532);try{
  return
  42
}catch(__es0err){__es0x(815136532,__es0t,__es0err);throw __es0err}finally{__es0r(815136532,__es0t)}}

export const chain = xs =>{const __es0t=__es0e(1006166427);try{return ( xs.map(x =>{const __es0t=__es0e(298615328);try{return ( x * 2)}catch(__es0err){__es0x(298615328,__es0t,__es0err);throw __es0err}finally{__es0r(298615328,__es0t)}}).filter(x =>{const __es0t=__es0e(315392947);try{return ( x > 2)}catch(__es0err){__es0x(315392947,__es0t,__es0err);throw __es0err}finally{__es0r(315392947,__es0t)}}))}catch(__es0err){__es0x(1006166427,__es0t,__es0err);throw __es0err}finally{__es0r(1006166427,__es0t)}}

export const ternary = c =>{const __es0t=__es0e(918868293);try{return ( c ? first() : second())}catch(__es0err){__es0x(918868293,__es0t,__es0err);throw __es0err}finally{__es0r(918868293,__es0t)}}

function first() {const __es0t=__es0e(348962956);try{ return 1 }catch(__es0err){__es0x(348962956,__es0t,__es0err);throw __es0err}finally{__es0r(348962956,__es0t)}}
function second() {const __es0t=__es0e(729850976);try{ return 2 }catch(__es0err){__es0x(729850976,__es0t,__es0err);throw __es0err}finally{__es0r(729850976,__es0t)}}

/* sites:
 * function pick @1:8 test/fixtures/braceless.js#pick#0 = 120003605
 * function asi @6:8 test/fixtures/braceless.js#asi#0 = 505417777
 * function returnNewline @12:8 test/fixtures/braceless.js#returnNewline#0 = 815136532
 * arrow chain @17:22 test/fixtures/braceless.js#chain#0 = 1006166427
 * arrow chain.<arrow@17:35> @17:35 test/fixtures/braceless.js#chain.<arrow>#0 = 298615328
 * arrow chain.<arrow@17:54> @17:54 test/fixtures/braceless.js#chain.<arrow>#1 = 315392947
 * arrow ternary @19:24 test/fixtures/braceless.js#ternary#0 = 918868293
 * function first @21:1 test/fixtures/braceless.js#first#0 = 348962956
 * function second @22:1 test/fixtures/braceless.js#second#0 = 729850976
 */
