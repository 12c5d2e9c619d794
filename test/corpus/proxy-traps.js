// Instrumented code must never touch user objects: the trap log stays the same.
const traps = []
const target = {
  value: 1,
  method() { return this.value },
  get accessor() { return this.value * 2 },
}
const proxy = new Proxy(target, {
  get(t, k, r) { traps.push(`get:${String(k)}`); return Reflect.get(t, k, r) },
  has(t, k) { traps.push(`has:${String(k)}`); return Reflect.has(t, k) },
  set(t, k, v, r) { traps.push(`set:${String(k)}`); return Reflect.set(t, k, v, r) },
})
function useProxy(p) { return p.method() + p.accessor + ('value' in p ? 1 : 0) }
const arrowUse = p => (p.value = 5, p.value)
const out = { sum: useProxy(proxy), arrow: arrowUse(proxy) }
class Wrapped { constructor(p) { this.p = p } read() { return this.p.value } }
out.read = new Wrapped(proxy).read()
out.traps = traps
console.log(JSON.stringify(out))
