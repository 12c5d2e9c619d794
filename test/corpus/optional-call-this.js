const obj = {
  value: 'v',
  get() { return this?.value ?? 'no-this' },
  nested: { deep() { return this === obj.nested } },
}
const missing = null
const results = [
  obj.get(), obj?.get(), obj.get?.(), (obj.get)(), (0, obj.get)(), obj?.nested?.deep(),
  missing?.get(), obj.absent?.(), (obj?.nested).deep(),
]
const fn = obj.get
console.log(JSON.stringify({ results, detached: fn(), call: fn.call({ value: 'called' }), apply: obj.get.apply({ value: 'applied' }) }))
