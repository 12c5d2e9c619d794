/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";export const store = {
  items: [],
  add(item) {const __es0t=__es0e(165309894);try{ this.items.push(item) ;__es0r(165309894,__es0t)}catch(__es0err){__es0x(165309894,__es0t,__es0err);__es0r(165309894,__es0t);throw __es0err}},
  get size() {const __es0t=__es0e(678348144);let __es0rv;try{ return(__es0rv=( this.items.length),__es0r(678348144,__es0t),__es0rv) ;__es0r(678348144,__es0t)}catch(__es0err){__es0x(678348144,__es0t,__es0err);__es0r(678348144,__es0t);throw __es0err}},
  set size(n) {const __es0t=__es0e(1004721908);try{ this.items.length = n ;__es0r(1004721908,__es0t)}catch(__es0err){__es0x(1004721908,__es0t,__es0err);__es0r(1004721908,__es0t);throw __es0err}},
  async load() {const __es0t=__es0a(315792941);try{ return this.items }catch(__es0err){__es0x(315792941,__es0t,__es0err);throw __es0err}finally{__es0r(315792941,__es0t)}},
  *each() {const __es0t=__es0a(935611160);try{ __es0u(935611160,__es0t,yield* __es0s(935611160,__es0t,this.items)) }catch(__es0err){__es0x(935611160,__es0t,__es0err);throw __es0err}finally{__es0r(935611160,__es0t)}},
  async *stream() {const __es0t=__es0a(938628701);try{ __es0u(938628701,__es0t,yield* __es0s(938628701,__es0t,this.items)) }catch(__es0err){__es0x(938628701,__es0t,__es0err);throw __es0err}finally{__es0r(938628701,__es0t)}},
  ['computed' + 1]() {const __es0t=__es0e(848922418);try{;__es0r(848922418,__es0t)}catch(__es0err){__es0x(848922418,__es0t,__es0err);__es0r(848922418,__es0t);throw __es0err}},
  onClick: () =>{const __es0t=__es0e(555174226);let __es0rv;try{return (__es0rv=( store.items),__es0r(555174226,__es0t),__es0rv)}catch(__es0err){__es0x(555174226,__es0t,__es0err);__es0r(555174226,__es0t);throw __es0err}},
  onKey: function () {const __es0t=__es0e(207922157);try{;__es0r(207922157,__es0t)}catch(__es0err){__es0x(207922157,__es0t,__es0err);__es0r(207922157,__es0t);throw __es0err}},
  named: function custom() {const __es0t=__es0e(32989115);try{;__es0r(32989115,__es0t)}catch(__es0err){__es0x(32989115,__es0t,__es0err);__es0r(32989115,__es0t);throw __es0err}},
  nested: {
    deep() {const __es0t=__es0e(338300668);try{;__es0r(338300668,__es0t)}catch(__es0err){__es0x(338300668,__es0t,__es0err);__es0r(338300668,__es0t);throw __es0err}},
  },
  42() {const __es0t=__es0e(860216359);try{;__es0r(860216359,__es0t)}catch(__es0err){__es0x(860216359,__es0t,__es0err);__es0r(860216359,__es0t);throw __es0err}},
}

register({
  anonymousObjectMethod() {const __es0t=__es0e(969271065);try{;__es0r(969271065,__es0t)}catch(__es0err){__es0x(969271065,__es0t,__es0err);__es0r(969271065,__es0t);throw __es0err}},
})

function register(config) {const __es0t=__es0e(227845805);let __es0rv;try{ return(__es0rv=( config),__es0r(227845805,__es0t),__es0rv) ;__es0r(227845805,__es0t)}catch(__es0err){__es0x(227845805,__es0t,__es0err);__es0r(227845805,__es0t);throw __es0err}}

/* sites:
 * method store.add @3:3 test/fixtures/object-methods.js#store.add#0 = 165309894
 * getter get store.size @4:3 test/fixtures/object-methods.js#get store.size#0 = 678348144
 * setter set store.size @5:3 test/fixtures/object-methods.js#set store.size#0 = 1004721908
 * method store.load @6:3 async test/fixtures/object-methods.js#store.load#0 = 315792941
 * method store.each @7:3 generator test/fixtures/object-methods.js#store.each#0 = 935611160
 * method store.stream @8:3 async generator test/fixtures/object-methods.js#store.stream#0 = 938628701
 * method store.['computed' + 1] @9:3 test/fixtures/object-methods.js#store.['computed' + 1]#0 = 848922418
 * arrow store.onClick @10:12 test/fixtures/object-methods.js#store.onClick#0 = 555174226
 * function store.onKey @11:10 test/fixtures/object-methods.js#store.onKey#0 = 207922157
 * function custom @12:10 test/fixtures/object-methods.js#custom#0 = 32989115
 * method store.nested.deep @14:5 test/fixtures/object-methods.js#store.nested.deep#0 = 338300668
 * method store.42 @16:3 test/fixtures/object-methods.js#store.42#0 = 860216359
 * method anonymousObjectMethod @20:3 test/fixtures/object-methods.js#anonymousObjectMethod#0 = 969271065
 * function register @23:1 test/fixtures/object-methods.js#register#0 = 227845805
 */
