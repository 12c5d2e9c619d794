function two(a, b) {}
function withDefault(a, b = 1, c) {}
function withRest(a, ...rest) {}
const arrow = (x, y) => x
const anonymousArrow = [() => {}][0]
const assigned = function () {}
const named = function inner(a) {}
async function asyncFn(a) {}
function* gen(a, b, c) {}
async function* agen() {}
const obj = { method(a) {}, get prop() { return 1 }, set prop(v) {}, ['com' + 'puted']() {}, arrow: () => {} }
class K {
  constructor(a, b) {}
  m(x) {}
  static s() {}
  #p() {}
  field = () => {}
  get g() { return 1 }
  privateName() { return this.#p.name }
}
const desc = Object.getOwnPropertyDescriptor(obj, 'prop')
const kdesc = Object.getOwnPropertyDescriptor(K.prototype, 'g')
const fns = { two, withDefault, withRest, arrow, anonymousArrow, assigned, named, asyncFn, gen, agen,
  method: obj.method, computed: obj.computed, objArrow: obj.arrow, K, m: K.prototype.m, s: K.s,
  field: new K().field, getter: desc.get, setter: desc.set, classGetter: kdesc.get, bound: two.bind(null, 1) }
const out = {}
for (const [k, f] of Object.entries(fns)) out[k] = [f.name, f.length]
out.private = new K().privateName()
out.protoOfAsync = Object.getPrototypeOf(asyncFn).constructor.name
out.protoOfGen = Object.getPrototypeOf(gen).constructor.name
out.arrowHasPrototype = 'prototype' in arrow
out.methodHasPrototype = 'prototype' in obj.method
console.log(JSON.stringify(out))
