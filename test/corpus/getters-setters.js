const log = []
const obj = {
  _v: 1,
  get v() { log.push('get'); return this._v },
  set v(n) { log.push(`set:${n}`); this._v = n },
}
class Temp {
  static #count = 0
  #c = 0
  get celsius() { return this.#c }
  set celsius(v = 100) { this.#c = v }
  static get count() { return Temp.#count }
  static set count(v) { Temp.#count = v }
}
obj.v = obj.v + 1
obj.v += 5
const t = new Temp()
t.celsius = 30
const a = t.celsius
t.celsius = undefined
const b = t.celsius
Temp.count = 7
const d1 = Object.getOwnPropertyDescriptor(obj, 'v')
const d2 = Object.getOwnPropertyDescriptor(Temp.prototype, 'celsius')
const out = {
  log, v: obj._v, a, b, count: Temp.count,
  objDesc: [d1.enumerable, d1.configurable, typeof d1.get, typeof d1.set, d1.get.length, d1.set.length],
  classDesc: [d2.enumerable, d2.configurable, d2.get.name, d2.set.name, d2.set.length],
  keys: Object.keys(obj),
}
console.log(JSON.stringify(out))
