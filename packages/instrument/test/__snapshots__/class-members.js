/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";// Static blocks and field initializers that run code get their own sites; plain values do not.
const log = []
let next = 0
export class Registry {
  static registered = (()=>{const __es0t=__es0e(470954301);try{return (log.push('static field'))}catch(__es0err){__es0x(470954301,__es0t,__es0err);throw __es0err}finally{__es0r(470954301,__es0t)}})()
  static #secret = (()=>{const __es0t=__es0e(299215324);try{return (Registry.name + '!')}catch(__es0err){__es0x(299215324,__es0t,__es0err);throw __es0err}finally{__es0r(299215324,__es0t)}})()
  items = (()=>{const __es0t=__es0e(770582193);try{return (new Map())}catch(__es0err){__es0x(770582193,__es0t,__es0err);throw __es0err}finally{__es0r(770582193,__es0t)}})()
  #id = (()=>{const __es0t=__es0e(521231185);try{return (++next)}catch(__es0err){__es0x(521231185,__es0t,__es0err);throw __es0err}finally{__es0r(521231185,__es0t)}})()
  count = 0
  label = (()=>{const __es0t=__es0e(457758895);try{return (`item ${this.#id}`)}catch(__es0err){__es0x(457758895,__es0t,__es0err);throw __es0err}finally{__es0r(457758895,__es0t)}})()
  plain = 'x'
  onAdd = () =>{const __es0t=__es0e(422288937);let __es0rv;try{return (__es0rv=( this.items.size),__es0r(422288937,__es0t),__es0rv)}catch(__es0err){__es0x(422288937,__es0t,__es0err);__es0r(422288937,__es0t);throw __es0err}}
  named = class {}
  tagged = (()=>{const __es0t=__es0e(592638913);try{return ((class Tag {}))}catch(__es0err){__es0x(592638913,__es0t,__es0err);throw __es0err}finally{__es0r(592638913,__es0t)}})()
  sorted = (()=>{const __es0t=__es0e(143946284);try{return ([3, 1, 2].sort((a, b) =>{const __es0t=__es0e(220768571);let __es0rv;try{return (__es0rv=( a - b),__es0r(220768571,__es0t),__es0rv)}catch(__es0err){__es0x(220768571,__es0t,__es0err);__es0r(220768571,__es0t);throw __es0err}}))}catch(__es0err){__es0x(143946284,__es0t,__es0err);throw __es0err}finally{__es0r(143946284,__es0t)}})();
  ['k' + next] = (()=>{const __es0t=__es0e(83638324);try{return (log.push('computed'))}catch(__es0err){__es0x(83638324,__es0t,__es0err);throw __es0err}finally{__es0r(83638324,__es0t)}})()
  static /* { */ {const __es0t=__es0e(906470613);try{
    log.push('static block', Registry.#secret)
  }catch(__es0err){__es0x(906470613,__es0t,__es0err);throw __es0err}finally{__es0r(906470613,__es0t)}}
  static {const __es0t=__es0e(889692994);try{}catch(__es0err){__es0x(889692994,__es0t,__es0err);throw __es0err}finally{__es0r(889692994,__es0t)}}
  static {const __es0t=__es0e(872915375);try{
    var total = 1
    function helper() {const __es0t=__es0e(240759115);let __es0rv;try{ return(__es0rv=( total),__es0r(240759115,__es0t),__es0rv) ;__es0r(240759115,__es0t)}catch(__es0err){__es0x(240759115,__es0t,__es0err);__es0r(240759115,__es0t);throw __es0err}}
    log.push(helper())
  }catch(__es0err){__es0x(872915375,__es0t,__es0err);throw __es0err}finally{__es0r(872915375,__es0t)}}
}
export const Anonymous = class {
  field = (()=>{const __es0t=__es0e(380947601);try{return (log.length)}catch(__es0err){__es0x(380947601,__es0t,__es0err);throw __es0err}finally{__es0r(380947601,__es0t)}})()
  static {const __es0t=__es0e(96942805);try{ log.push('anonymous') }catch(__es0err){__es0x(96942805,__es0t,__es0err);throw __es0err}finally{__es0r(96942805,__es0t)}}
}

/* sites:
 * field-init Registry.registered @5:3 test/fixtures/class-members.js#Registry.registered#0 = 470954301
 * field-init Registry.#secret @6:3 test/fixtures/class-members.js#Registry.#secret#0 = 299215324
 * field-init Registry.items @7:3 test/fixtures/class-members.js#Registry.items#0 = 770582193
 * field-init Registry.#id @8:3 test/fixtures/class-members.js#Registry.#id#0 = 521231185
 * field-init Registry.label @10:3 test/fixtures/class-members.js#Registry.label#0 = 457758895
 * arrow Registry.onAdd @12:11 test/fixtures/class-members.js#Registry.onAdd#0 = 422288937
 * field-init Registry.tagged @14:3 test/fixtures/class-members.js#Registry.tagged#0 = 592638913
 * field-init Registry.sorted @15:3 test/fixtures/class-members.js#Registry.sorted#0 = 143946284
 * arrow Registry.sorted.<arrow@15:27> @15:27 test/fixtures/class-members.js#Registry.sorted.<arrow>#0 = 220768571
 * field-init Registry.['k' + next] @16:3 test/fixtures/class-members.js#Registry.['k' + next]#0 = 83638324
 * static-block Registry.<static> @17:3 test/fixtures/class-members.js#Registry.<static>#0 = 906470613
 * static-block Registry.<static> @20:3 test/fixtures/class-members.js#Registry.<static>#1 = 889692994
 * static-block Registry.<static> @21:3 test/fixtures/class-members.js#Registry.<static>#2 = 872915375
 * function helper @23:5 test/fixtures/class-members.js#Registry.<static>.helper#0 = 240759115
 * field-init Anonymous.field @28:3 test/fixtures/class-members.js#Anonymous.field#0 = 380947601
 * static-block Anonymous.<static> @29:3 test/fixtures/class-members.js#Anonymous.<static>#0 = 96942805
 */
