/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u,o as __es0o,c as __es0c,p as __es0p,v as __es0v,q as __es0q,y as __es0y}from"execscope:runtime";// Level `full`: every assignment to a property of `this` is wrapped as a state change.
export class TodoStore {
  items = (()=>{const __es0t=__es0e(243195096);try{return __es0v(243195096,__es0t,([]))}catch(__es0err){__es0y(243195096,__es0t,__es0err);throw __es0err}finally{__es0q(243195096,__es0t)}})()
  onClear = () => {const __es0t=__es0e(1057028482);try{ __es0c(1060443123,this,"items",__es0o(1060443123,this,"items"),this.items = []) ;__es0q(1057028482,__es0t)}catch(__es0err){__es0y(1057028482,__es0t,__es0err);__es0q(1057028482,__es0t);throw __es0err}}
  constructor(filter) {const __es0t=__es0e(277074256);__es0p(277074256,__es0t,"filter",filter);try{
    __es0c(172668685,this,"filter",__es0o(172668685,this,"filter"),this.filter = filter)
  ;__es0q(277074256,__es0t)}catch(__es0err){__es0y(277074256,__es0t,__es0err);__es0q(277074256,__es0t);throw __es0err}}
  add(text) {const __es0t=__es0e(258616163);__es0p(258616163,__es0t,"text",text);let __es0rv;try{
    __es0c(1043665504,this,"items",__es0o(1043665504,this,"items"),this.items = [...this.items, { text, done: false }])
    return(__es0rv=__es0v(258616163,__es0t,( this.items.length)),__es0q(258616163,__es0t),__es0rv)
  ;__es0q(258616163,__es0t)}catch(__es0err){__es0y(258616163,__es0t,__es0err);__es0q(258616163,__es0t);throw __es0err}}
  toggle(index) {const __es0t=__es0e(517972418);__es0p(517972418,__es0t,"index",index);try{
    __es0c(592350355,this,"version",__es0o(592350355,this,"version"),this.version++)
    __es0c(859973975,this,"lastToggled",__es0o(859973975,this,"lastToggled"),this['lastToggled'] = index)
    __es0c(63138794,this,"#touched",(typeof this=="object"&&this!==null||typeof this=="function")&&#touched in this?this.#touched:__es0o(63138794,null,"#touched"),this.#touched ||= true)
  ;__es0q(517972418,__es0t)}catch(__es0err){__es0y(517972418,__es0t,__es0err);__es0q(517972418,__es0t);throw __es0err}}
  #touched = false
  static reset() {const __es0t=__es0e(68269399);try{ __es0c(994612991,this,"instances",__es0o(994612991,this,"instances"),this.instances = 0) ;__es0q(68269399,__es0t)}catch(__es0err){__es0y(68269399,__es0t,__es0err);__es0q(68269399,__es0t);throw __es0err}}
}
export function Counter() {const __es0t=__es0e(422791307);try{ __es0c(669702996,this,"n",__es0o(669702996,this,"n"),this.n = 0) ;__es0q(422791307,__es0t)}catch(__es0err){__es0y(422791307,__es0t,__es0err);__es0q(422791307,__es0t);throw __es0err}}
Counter.prototype.inc = function () {const __es0t=__es0e(946574417);let __es0rv;try{ return(__es0rv=__es0v(946574417,__es0t,( __es0c(686480615,this,"n",__es0o(686480615,this,"n"),this.n += 1))),__es0q(946574417,__es0t),__es0rv) ;__es0q(946574417,__es0t)}catch(__es0err){__es0y(946574417,__es0t,__es0err);__es0q(946574417,__es0t);throw __es0err}}
export const settings = {
  theme: 'light',
  toggle() {const __es0t=__es0e(39042366);try{ __es0c(1025746188,this,"theme",__es0o(1025746188,this,"theme"),this.theme = this.theme === 'light' ? 'dark' : 'light') ;__es0q(39042366,__es0t)}catch(__es0err){__es0y(39042366,__es0t,__es0err);__es0q(39042366,__es0t);throw __es0err}},
  later: async function () {const __es0t=__es0a(337591618);try{ __es0c(545531572,this,"loaded",__es0o(545531572,this,"loaded"),this.loaded = __es0u(337591618,__es0t,await __es0s(337591618,__es0t,Promise.resolve(true)))) }catch(__es0err){__es0y(337591618,__es0t,__es0err);throw __es0err}finally{__es0q(337591618,__es0t)}},
}
this?.ignored

/* sites:
 * field-init TodoStore.items @3:3 test/fixtures/state-changes.js#TodoStore.items#0 = 243195096
 * arrow TodoStore.onClear @4:13 test/fixtures/state-changes.js#TodoStore.onClear#0 = 1057028482
 * constructor TodoStore.constructor @5:3 test/fixtures/state-changes.js#TodoStore.constructor#0 = 277074256
 * method TodoStore.add @8:3 test/fixtures/state-changes.js#TodoStore.add#0 = 258616163
 * method TodoStore.toggle @12:3 test/fixtures/state-changes.js#TodoStore.toggle#0 = 517972418
 * method TodoStore.reset @18:3 test/fixtures/state-changes.js#TodoStore.reset#0 = 68269399
 * function Counter @20:8 test/fixtures/state-changes.js#Counter#0 = 422791307
 * function Counter.prototype.inc @21:25 test/fixtures/state-changes.js#Counter.prototype.inc#0 = 946574417
 * method settings.toggle @24:3 test/fixtures/state-changes.js#settings.toggle#0 = 39042366
 * function settings.later @25:10 async test/fixtures/state-changes.js#settings.later#0 = 337591618
 * state TodoStore.items @4:21 test/fixtures/state-changes.js#state:TodoStore.items#0 = 1060443123
 * state TodoStore.filter @6:5 test/fixtures/state-changes.js#state:TodoStore.filter#0 = 172668685
 * state TodoStore.items @9:5 test/fixtures/state-changes.js#state:TodoStore.items#1 = 1043665504
 * state TodoStore.version @13:5 test/fixtures/state-changes.js#state:TodoStore.version#0 = 592350355
 * state TodoStore.lastToggled @14:5 test/fixtures/state-changes.js#state:TodoStore.lastToggled#0 = 859973975
 * state TodoStore.#touched @15:5 test/fixtures/state-changes.js#state:TodoStore.#touched#0 = 63138794
 * state TodoStore.instances @18:20 test/fixtures/state-changes.js#state:TodoStore.instances#0 = 994612991
 * state Counter.n @20:29 test/fixtures/state-changes.js#state:Counter.n#0 = 669702996
 * state Counter.n @21:46 test/fixtures/state-changes.js#state:Counter.n#1 = 686480615
 * state settings.theme @24:14 test/fixtures/state-changes.js#state:settings.theme#0 = 1025746188
 * state settings.loaded @25:30 test/fixtures/state-changes.js#state:settings.loaded#0 = 545531572
 */
