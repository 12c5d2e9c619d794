class Counter {
  #count = 0
  static #instances = 0
  constructor() { Counter.#instances++ }
  #bump(by) { this.#count += by; return this.#count }
  inc() { return this.#bump(1) }
  static isCounter(o) { return #count in o }
  static instances() { return Counter.#instances }
  get #secret() { return this.#count * 10 }
  reveal() { return this.#secret }
  static #helper() { return 'static-private' }
  static callHelper() { return Counter.#helper() }
}
const c = new Counter()
new Counter()
c.inc(); c.inc()
const out = {
  count: c.inc(),
  reveal: c.reveal(),
  brand: [Counter.isCounter(c), Counter.isCounter({})],
  instances: Counter.instances(),
  helper: Counter.callHelper(),
}
try { Counter.prototype.inc.call({}) } catch (e) { out.foreign = e.constructor.name }
console.log(JSON.stringify(out))
