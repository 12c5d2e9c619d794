/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";export function pick(c) {const __es0t=__es0e(120003605);let __es0rv;try{
  if (c) return(__es0rv=( first()),__es0r(120003605,__es0t),__es0rv)
  else return(__es0rv=( second()),__es0r(120003605,__es0t),__es0rv)
;__es0r(120003605,__es0t)}catch(__es0err){__es0x(120003605,__es0t,__es0err);__es0r(120003605,__es0t);throw __es0err}}

export function asi(a) {const __es0t=__es0e(505417777);let __es0rv;try{
  let b = a
  ;[b] = [b + 1]
  return(__es0rv=( b),__es0r(505417777,__es0t),__es0rv)
;__es0r(505417777,__es0t)}catch(__es0err){__es0x(505417777,__es0t,__es0err);__es0r(505417777,__es0t);throw __es0err}}

export function returnNewline() {const __es0t=__es0e(815136532);try{
  return void __es0r(815136532,__es0t)
  42
;__es0r(815136532,__es0t)}catch(__es0err){__es0x(815136532,__es0t,__es0err);__es0r(815136532,__es0t);throw __es0err}}

export const chain = xs =>{const __es0t=__es0e(1006166427);let __es0rv;try{return (__es0rv=( xs.map(x =>{const __es0t=__es0e(298615328);let __es0rv;try{return (__es0rv=( x * 2),__es0r(298615328,__es0t),__es0rv)}catch(__es0err){__es0x(298615328,__es0t,__es0err);__es0r(298615328,__es0t);throw __es0err}}).filter(x =>{const __es0t=__es0e(315392947);let __es0rv;try{return (__es0rv=( x > 2),__es0r(315392947,__es0t),__es0rv)}catch(__es0err){__es0x(315392947,__es0t,__es0err);__es0r(315392947,__es0t);throw __es0err}})),__es0r(1006166427,__es0t),__es0rv)}catch(__es0err){__es0x(1006166427,__es0t,__es0err);__es0r(1006166427,__es0t);throw __es0err}}

export const ternary = c =>{const __es0t=__es0e(918868293);let __es0rv;try{return (__es0rv=( c ? first() : second()),__es0r(918868293,__es0t),__es0rv)}catch(__es0err){__es0x(918868293,__es0t,__es0err);__es0r(918868293,__es0t);throw __es0err}}

function first() {const __es0t=__es0e(348962956);let __es0rv;try{ return(__es0rv=( 1),__es0r(348962956,__es0t),__es0rv) ;__es0r(348962956,__es0t)}catch(__es0err){__es0x(348962956,__es0t,__es0err);__es0r(348962956,__es0t);throw __es0err}}
function second() {const __es0t=__es0e(729850976);let __es0rv;try{ return(__es0rv=( 2),__es0r(729850976,__es0t),__es0rv) ;__es0r(729850976,__es0t)}catch(__es0err){__es0x(729850976,__es0t,__es0err);__es0r(729850976,__es0t);throw __es0err}}

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
