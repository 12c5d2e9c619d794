const describe = (obj, key) => {
  const d = Object.getOwnPropertyDescriptor(obj, key)
  return { get: typeof d.get, set: typeof d.set, enumerable: d.enumerable, configurable: d.configurable, getName: d.get?.name, setName: d.set?.name, getLength: d.get?.length, setLength: d.set?.length }
}
class Temperature {
  #c = 0
  get celsius() { return this.#c }
  set celsius(v) { this.#c = Number(v) }
  get fahrenheit() { return this.#c * 9 / 5 + 32 }
  static get unit() { return 'C' }
  static set unit(_v) { throw new Error('read-only') }
}
const obj = {
  _v: 1,
  get v() { return this._v },
  set v(next) { this._v = next * 2 },
  get ['computed' + 1]() { return 'c' },
}
const t = new Temperature()
t.celsius = '25'
obj.v = 5
let staticSet
try { Temperature.unit = 'F' } catch (e) { staticSet = e.message }
console.log(JSON.stringify({
  celsius: describe(Temperature.prototype, 'celsius'),
  fahrenheitOnly: describe(Temperature.prototype, 'fahrenheit'),
  staticUnit: describe(Temperature, 'unit'),
  objV: describe(obj, 'v'),
  computed: describe(obj, 'computed1'),
  values: [t.celsius, t.fahrenheit, obj.v, obj.computed1, Temperature.unit],
  staticSet,
  keys: Object.keys(obj),
}))
