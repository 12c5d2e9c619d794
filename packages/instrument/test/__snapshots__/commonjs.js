'use strict';/* @execscope-instrumented */var __es0g=globalThis.__execscope||{},__es0n=function(s,t,v){return v},__es0e=__es0g.e||__es0n,__es0r=__es0g.r||__es0n,__es0x=__es0g.x||__es0n,__es0a=__es0g.a||__es0n,__es0s=__es0g.s||__es0n,__es0u=__es0g.u||__es0n;
const path = require('node:path')

function join(a, b) {const __es0t=__es0e(126245442);let __es0rv;try{
  return(__es0rv=( path.join(a, b)),__es0r(126245442,__es0t),__es0rv)
;__es0r(126245442,__es0t)}catch(__es0err){__es0x(126245442,__es0t,__es0err);__es0r(126245442,__es0t);throw __es0err}}

module.exports = { join }
module.exports.helper = function () {const __es0t=__es0e(260700185);try{;__es0r(260700185,__es0t)}catch(__es0err){__es0x(260700185,__es0t,__es0err);__es0r(260700185,__es0t);throw __es0err}}
exports.other = () =>{const __es0t=__es0e(491214731);let __es0rv;try{return (__es0rv=( 1),__es0r(491214731,__es0t),__es0rv)}catch(__es0err){__es0x(491214731,__es0t,__es0err);__es0r(491214731,__es0t);throw __es0err}}

/* sites:
 * function join @4:1 test/fixtures/commonjs.js#join#0 = 126245442
 * function module.exports.helper @9:25 test/fixtures/commonjs.js#module.exports.helper#0 = 260700185
 * arrow exports.other @10:17 test/fixtures/commonjs.js#exports.other#0 = 491214731
 */
