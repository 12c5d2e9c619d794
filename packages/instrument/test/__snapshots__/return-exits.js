/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";export function value(x) {const __es0t=__es0e(373292709);let __es0rv;try{ return(__es0rv=( x + 1),__es0r(373292709,__es0t),__es0rv) ;__es0r(373292709,__es0t)}catch(__es0err){__es0x(373292709,__es0t,__es0err);__es0r(373292709,__es0t);throw __es0err}}
export function bare(flag) {const __es0t=__es0e(416359570);try{
  if (flag) return void __es0r(416359570,__es0t)
  work()
;__es0r(416359570,__es0t)}catch(__es0err){__es0x(416359570,__es0t,__es0err);__es0r(416359570,__es0t);throw __es0err}}
export function fallsOff() {const __es0t=__es0e(1027845073);try{ work() ;__es0r(1027845073,__es0t)}catch(__es0err){__es0x(1027845073,__es0t,__es0err);__es0r(1027845073,__es0t);throw __es0err}}
export function empty() {const __es0t=__es0e(589449953);try{;__es0r(589449953,__es0t)}catch(__es0err){__es0x(589449953,__es0t,__es0err);__es0r(589449953,__es0t);throw __es0err}}
export function ownFinally() {const __es0t=__es0e(911262609);try{
  try { return work() } finally { cleanup() }
}catch(__es0err){__es0x(911262609,__es0t,__es0err);throw __es0err}finally{__es0r(911262609,__es0t)}}
export function ownCatch() {const __es0t=__es0e(419002925);let __es0rv;try{
  try { return(__es0rv=( work()),__es0r(419002925,__es0t),__es0rv) } catch (e) { return(__es0rv=( null),__es0r(419002925,__es0t),__es0rv) }
;__es0r(419002925,__es0t)}catch(__es0err){__es0x(419002925,__es0t,__es0err);__es0r(419002925,__es0t);throw __es0err}}
export const arrow = () =>{const __es0t=__es0e(1010030913);let __es0rv;try{return (__es0rv=( ({ kind: 'object' })),__es0r(1010030913,__es0t),__es0rv)}catch(__es0err){__es0x(1010030913,__es0t,__es0err);__es0r(1010030913,__es0t);throw __es0err}}
export const seq = () =>{const __es0t=__es0e(94937971);let __es0rv;try{return (__es0rv=( (work(), 2)),__es0r(94937971,__es0t),__es0rv)}catch(__es0err){__es0x(94937971,__es0t,__es0err);__es0r(94937971,__es0t);throw __es0err}}
function work() {const __es0t=__es0e(120522983);let __es0rv;try{ return(__es0rv=( 1),__es0r(120522983,__es0t),__es0rv) ;__es0r(120522983,__es0t)}catch(__es0err){__es0x(120522983,__es0t,__es0err);__es0r(120522983,__es0t);throw __es0err}}
function cleanup() {const __es0t=__es0e(290951988);try{;__es0r(290951988,__es0t)}catch(__es0err){__es0x(290951988,__es0t,__es0err);__es0r(290951988,__es0t);throw __es0err}}
export function findFirst(items) {const __es0t=__es0e(917770967);try{
  for (const item of items) if (item) return item
  return null
}catch(__es0err){__es0x(917770967,__es0t,__es0err);throw __es0err}finally{__es0r(917770967,__es0t)}}
export function loopWithoutReturn(items) {const __es0t=__es0e(314438848);let __es0rv;try{
  let n = 0
  for (const item of items) n += item
  return(__es0rv=( n),__es0r(314438848,__es0t),__es0rv)
;__es0r(314438848,__es0t)}catch(__es0err){__es0x(314438848,__es0t,__es0err);__es0r(314438848,__es0t);throw __es0err}}

/* sites:
 * function value @1:8 test/fixtures/return-exits.js#value#0 = 373292709
 * function bare @2:8 test/fixtures/return-exits.js#bare#0 = 416359570
 * function fallsOff @6:8 test/fixtures/return-exits.js#fallsOff#0 = 1027845073
 * function empty @7:8 test/fixtures/return-exits.js#empty#0 = 589449953
 * function ownFinally @8:8 test/fixtures/return-exits.js#ownFinally#0 = 911262609
 * function ownCatch @11:8 test/fixtures/return-exits.js#ownCatch#0 = 419002925
 * arrow arrow @14:22 test/fixtures/return-exits.js#arrow#0 = 1010030913
 * arrow seq @15:20 test/fixtures/return-exits.js#seq#0 = 94937971
 * function work @16:1 test/fixtures/return-exits.js#work#0 = 120522983
 * function cleanup @17:1 test/fixtures/return-exits.js#cleanup#0 = 290951988
 * function findFirst @18:8 test/fixtures/return-exits.js#findFirst#0 = 917770967
 * function loopWithoutReturn @22:8 test/fixtures/return-exits.js#loopWithoutReturn#0 = 314438848
 */
