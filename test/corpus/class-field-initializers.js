const log = []
let seq = 0
const tick = label => { log.push(label); return ++seq }
class Base {
  baseField = tick('base-field')
  constructor() { log.push('base-ctor') }
  describe() { return 'base' }
}
class Derived extends Base {
  a = tick('derived-a')
  b = this.a + 100
  #priv = tick('derived-priv')
  sup = super.describe()
  nt = typeof new.target
  static s = tick('static-s')
  static self = this.name
  constructor() {
    log.push('derived-ctor-before-super')
    super()
    log.push(['derived-ctor-after-super', this.a, this.b])
  }
  get priv() { return this.#priv }
}
class Throwing {
  ok = tick('ok')
  bad = (() => { throw new RangeError('field-init-throws') })()
  never = tick('never')
}
const d = new Derived()
let error
try { new Throwing() } catch (e) { error = [e.name, e.message] }
const keys = Object.keys(d)
console.log(JSON.stringify({ log, keys, priv: d.priv, sup: d.sup, nt: d.nt, s: Derived.s, self: Derived.self, error, seq }))
