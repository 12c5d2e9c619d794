// Assignments to properties of `this`, which a `full` plan records as state changes: the value of
// the expression, evaluation order, setters, frozen objects, proxies and uninitialized `this`.
const log = []
class Base { constructor() { this.base = 1 } }
class Store extends Base {
  items = []
  count = 0
  onTick = () => { this.count++; return this.count }
  constructor(name) {
    let early
    try { this.tooEarly = 1 } catch (e) { early = e.constructor.name }
    super()
    this.name = name
    this.early = early
  }
  add(text) {
    const value = (this.items = [...this.items, text])
    this.count += 1
    return [value.length, this.count++, ++this.count, this.count--]
  }
  order() {
    this.seq = (log.push('rhs:' + this.seq), 'after')
    this['computed'] = this.seq + '!'
    return this.computed
  }
  logical() {
    this.maybe ??= 'set'
    this.maybe ??= 'not again'
    this.flag ||= 0
    this.flag &&= 'never'
    this.n = 2; this.n **= 3; this.n <<= 1; this.n %= 5
    return [this.maybe, this.flag, this.n]
  }
  chained() { this.a = this.b = this.c = [1]; return [this.a === this.b, this.b === this.c] }
  set size(v) { log.push('setter ' + v); this._size = v }
  get size() { log.push('getter'); return this._size }
  resize() { this.size = 3; this.size += 1; return this._size }
  *gen() { this.g = yield 1; this.g2 = (yield 2) + this.g; return this.g2 }
  async later() { this.l = await Promise.resolve('awaited'); this.m = this.l + (await 1); return this.m }
  static create() { this.made = (this.made ?? 0) + 1; return this.made }
}
class Private {
  #count = 0
  static #instances = 0
  #hidden = 'h'
  get #secret() { log.push('private getter'); return this.#hidden }
  set #secret(v) { log.push('private setter ' + v); this.#hidden = v }
  constructor() { Private.#instances++ }
  step() { return [this.#count++, ++this.#count, this.#count += 10, this.#count--, this.#count] }
  reveal() { this.#secret = 'shown'; this.#secret += '!'; return this.#secret }
  static made() { this.#instances *= 2; return Private.#instances }
  poke(other) { try { other.#count = 1; return 'no error' } catch (e) { return e.constructor.name + ': ' + e.message } }
  pokeThis() { try { this.#count = 1; return 'no error' } catch (e) { return e.constructor.name + ': ' + e.message } }
}
function Counter() { this.n = 0 }
Counter.prototype.inc = function () { return this.n++ }
function primitiveThis() { try { this.boxed = 1 } catch (e) { return e.constructor.name } }
function strictUndefined() { 'use strict'; try { this.x = 1 } catch (e) { return e.constructor.name } }
const frozen = Object.freeze({ v: 1, set(v) { 'use strict'; try { this.v = v } catch (e) { return e.constructor.name } } })
const traps = []
const target = { bump() { this.hits = (this.hits ?? 0) + 1; return this.hits } }
const proxy = new Proxy(target, {
  set(t, k, v) { traps.push('set ' + String(k)); t[k] = v; return true },
  getOwnPropertyDescriptor(t, k) { traps.push('gopd ' + String(k)); return Reflect.getOwnPropertyDescriptor(t, k) },
})
const store = new Store('s')
const added = store.add('x')
const generator = store.gen()
const genSteps = [generator.next(), generator.next(10), generator.next(5)]
const priv = new Private()
const privateResults = [priv.step(), priv.reveal(), Private.made(), priv.poke({}), Private.prototype.pokeThis.call(5), Private.prototype.pokeThis.call({})]
const counter = new Counter()
counter.inc(); counter.inc()
const results = {
  early: store.early,
  added,
  tick: [store.onTick(), store.onTick()],
  order: store.order(),
  logical: store.logical(),
  chained: store.chained(),
  resize: store.resize(),
  genSteps,
  statics: [Store.create(), Store.create()],
  counter: counter.n,
  primitive: primitiveThis.call(7),
  strictUndefined: strictUndefined(),
  frozen: frozen.set(2),
  proxyHits: [proxy.bump(), proxy.bump()],
  keys: Object.keys(store),
  privateResults,
}
store.later().then((later) => {
  results.later = [later, store.l, store.m]
  results.log = log
  results.traps = traps
  console.log(JSON.stringify(results))
})
