/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";export const id = x =>{const __es0t=__es0e(230327255);let __es0rv;try{return (__es0rv=( x),__es0r(230327255,__es0t),__es0rv)}catch(__es0err){__es0x(230327255,__es0t,__es0err);__es0r(230327255,__es0t);throw __es0err}}
export const obj = () =>{const __es0t=__es0e(230153861);let __es0rv;try{return (__es0rv=( ({ a: 1 })),__es0r(230153861,__es0t),__es0rv)}catch(__es0err){__es0x(230153861,__es0t,__es0err);__es0r(230153861,__es0t);throw __es0err}}
export const seq = (a, b) =>{const __es0t=__es0e(626570155);let __es0rv;try{return (__es0rv=( (a, b)),__es0r(626570155,__es0t),__es0rv)}catch(__es0err){__es0x(626570155,__es0t,__es0err);__es0r(626570155,__es0t);throw __es0err}}
export const nested = a =>{const __es0t=__es0e(930129341);try{return ( b =>{const __es0t=__es0e(718688746);let __es0rv;try{return (__es0rv=( a + b),__es0r(718688746,__es0t),__es0rv)}catch(__es0err){__es0x(718688746,__es0t,__es0err);__es0r(718688746,__es0t);throw __es0err}})}catch(__es0err){__es0x(930129341,__es0t,__es0err);throw __es0err}finally{__es0r(930129341,__es0t)}}
export const pure = () =>{const __es0t=__es0e(986175236);let __es0rv;try{return (__es0rv=( /*#__PURE__*/ make()),__es0r(986175236,__es0t),__es0rv)}catch(__es0err){__es0x(986175236,__es0t,__es0err);__es0r(986175236,__es0t);throw __es0err}}
export const broken = () =>{const __es0t=__es0e(518202359);let __es0rv;try{return (__es0rv=(
  // the body is on the next line
  make()),__es0r(518202359,__es0t),__es0rv)}catch(__es0err){__es0x(518202359,__es0t,__es0err);__es0r(518202359,__es0t);throw __es0err}}
export const multiline = (
  a,
  b,
) =>{const __es0t=__es0e(417947119);let __es0rv;try{return (__es0rv=( a
  + b),__es0r(417947119,__es0t),__es0rv)}catch(__es0err){__es0x(417947119,__es0t,__es0err);__es0r(417947119,__es0t);throw __es0err}}
export const defaults = (a = 1, { b } = {}, ...rest) =>{const __es0t=__es0e(713532376);let __es0rv;try{return (__es0rv=( a + b + rest.length),__es0r(713532376,__es0t),__es0rv)}catch(__es0err){__es0x(713532376,__es0t,__es0err);__es0r(713532376,__es0t);throw __es0err}}
export const asyncArrow = async x =>{const __es0t=__es0a(858302867);try{return ( __es0u(858302867,__es0t,await __es0s(858302867,__es0t,x)))}catch(__es0err){__es0x(858302867,__es0t,__es0err);throw __es0err}finally{__es0r(858302867,__es0t)}}
export const blockArrow = () => {const __es0t=__es0e(851622416);let __es0rv;try{
  return(__es0rv=( 1),__es0r(851622416,__es0t),__es0rv)
;__es0r(851622416,__es0t)}catch(__es0err){__es0x(851622416,__es0t,__es0err);__es0r(851622416,__es0t);throw __es0err}}
export const noParams = async() =>{const __es0t=__es0a(397039215);try{return ( 1)}catch(__es0err){__es0x(397039215,__es0t,__es0err);throw __es0err}finally{__es0r(397039215,__es0t)}}
export const commentBeforeArrow = (a) /* => */ =>{const __es0t=__es0e(455206077);let __es0rv;try{return (__es0rv=( a),__es0r(455206077,__es0t),__es0rv)}catch(__es0err){__es0x(455206077,__es0t,__es0err);__es0r(455206077,__es0t);throw __es0err}}
function make() {const __es0t=__es0e(226449776);let __es0rv;try{ return(__es0rv=( {}),__es0r(226449776,__es0t),__es0rv) ;__es0r(226449776,__es0t)}catch(__es0err){__es0x(226449776,__es0t,__es0err);__es0r(226449776,__es0t);throw __es0err}}
export const iife = (() =>{const __es0t=__es0e(175708717);let __es0rv;try{return (__es0rv=( 42),__es0r(175708717,__es0t),__es0rv)}catch(__es0err){__es0x(175708717,__es0t,__es0err);__es0r(175708717,__es0t);throw __es0err}})()

/* sites:
 * arrow id @1:19 test/fixtures/arrows.js#id#0 = 230327255
 * arrow obj @2:20 test/fixtures/arrows.js#obj#0 = 230153861
 * arrow seq @3:20 test/fixtures/arrows.js#seq#0 = 626570155
 * arrow nested @4:23 test/fixtures/arrows.js#nested#0 = 930129341
 * arrow nested.<arrow@4:28> @4:28 test/fixtures/arrows.js#nested.<arrow>#0 = 718688746
 * arrow pure @5:21 test/fixtures/arrows.js#pure#0 = 986175236
 * arrow broken @6:23 test/fixtures/arrows.js#broken#0 = 518202359
 * arrow multiline @9:26 test/fixtures/arrows.js#multiline#0 = 417947119
 * arrow defaults @14:25 test/fixtures/arrows.js#defaults#0 = 713532376
 * arrow asyncArrow @15:27 async test/fixtures/arrows.js#asyncArrow#0 = 858302867
 * arrow blockArrow @16:27 test/fixtures/arrows.js#blockArrow#0 = 851622416
 * arrow noParams @19:25 async test/fixtures/arrows.js#noParams#0 = 397039215
 * arrow commentBeforeArrow @20:35 test/fixtures/arrows.js#commentBeforeArrow#0 = 455206077
 * function make @21:1 test/fixtures/arrows.js#make#0 = 226449776
 * arrow <arrow@22:22> @22:22 test/fixtures/arrows.js#<arrow>#0 = 175708717
 */
