/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";// Declarations stay hoisted declarations: called before their definition.
export const early = hoisted(2)

function hoisted(n) {const __es0t=__es0e(42371653);let __es0rv;try{
  return(__es0rv=( n * 2),__es0r(42371653,__es0t),__es0rv)
;__es0r(42371653,__es0t)}catch(__es0err){__es0x(42371653,__es0t,__es0err);__es0r(42371653,__es0t);throw __es0err}}

export function named(a, b) {const __es0t=__es0e(619129506);let __es0rv;try{
  function inner() {const __es0t=__es0e(242460844);let __es0rv;try{ return(__es0rv=( a + b),__es0r(242460844,__es0t),__es0rv) ;__es0r(242460844,__es0t)}catch(__es0err){__es0x(242460844,__es0t,__es0err);__es0r(242460844,__es0t);throw __es0err}}
  return(__es0rv=( inner()),__es0r(619129506,__es0t),__es0rv)
;__es0r(619129506,__es0t)}catch(__es0err){__es0x(619129506,__es0t,__es0err);__es0r(619129506,__es0t);throw __es0err}}

const expr = function (x) {const __es0t=__es0e(670065536);let __es0rv;try{ return(__es0rv=( x),__es0r(670065536,__es0t),__es0rv) ;__es0r(670065536,__es0t)}catch(__es0err){__es0x(670065536,__es0t,__es0err);__es0r(670065536,__es0t);throw __es0err}}
const namedExpr = function realName(x) {const __es0t=__es0e(894072144);let __es0rv;try{ return(__es0rv=( x),__es0r(894072144,__es0t),__es0rv) ;__es0r(894072144,__es0t)}catch(__es0err){__es0x(894072144,__es0t,__es0err);__es0r(894072144,__es0t);throw __es0err}}
let assigned
assigned = function () {const __es0t=__es0e(406446071);try{;__es0r(406446071,__es0t)}catch(__es0err){__es0x(406446071,__es0t,__es0err);__es0r(406446071,__es0t);throw __es0err}}
export const obj = {}
obj.handler = function () {const __es0t=__es0e(74599280);let __es0rv;try{ return(__es0rv=( this),__es0r(74599280,__es0t),__es0rv) ;__es0r(74599280,__es0t)}catch(__es0err){__es0x(74599280,__es0t,__es0err);__es0r(74599280,__es0t);throw __es0err}}

function sloppy(a) {const __es0t=__es0e(737521004);let __es0rv;try{
  a = 2
  return(__es0rv=( arguments[0]),__es0r(737521004,__es0t),__es0rv)
;__es0r(737521004,__es0t)}catch(__es0err){__es0x(737521004,__es0t,__es0err);__es0r(737521004,__es0t);throw __es0err}}

function empty() {const __es0t=__es0e(258691110);try{;__es0r(258691110,__es0t)}catch(__es0err){__es0x(258691110,__es0t,__es0err);__es0r(258691110,__es0t);throw __es0err}}

function ctor() {const __es0t=__es0e(583536409);let __es0rv;try{
  if (!new.target) return(__es0rv=( new ctor()),__es0r(583536409,__es0t),__es0rv)
  this.made = true
;__es0r(583536409,__es0t)}catch(__es0err){__es0x(583536409,__es0t,__es0err);__es0r(583536409,__es0t);throw __es0err}}

export { expr, namedExpr, sloppy, empty, ctor }

/* sites:
 * function hoisted @4:1 test/fixtures/functions.js#hoisted#0 = 42371653
 * function named @8:8 test/fixtures/functions.js#named#0 = 619129506
 * function inner @9:3 test/fixtures/functions.js#named.inner#0 = 242460844
 * function expr @13:14 test/fixtures/functions.js#expr#0 = 670065536
 * function realName @14:19 test/fixtures/functions.js#realName#0 = 894072144
 * function assigned @16:12 test/fixtures/functions.js#assigned#0 = 406446071
 * function obj.handler @18:15 test/fixtures/functions.js#obj.handler#0 = 74599280
 * function sloppy @20:1 test/fixtures/functions.js#sloppy#0 = 737521004
 * function empty @25:1 test/fixtures/functions.js#empty#0 = 258691110
 * function ctor @27:1 test/fixtures/functions.js#ctor#0 = 583536409
 */
