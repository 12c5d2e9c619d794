class Stack extends Array {
  peek() { return this[this.length - 1] }
  static of2(...items) { return super.of(...items) }
}
class HttpError extends Error {
  constructor(status, message, options) { super(message, options); this.status = status }
  get name() { return 'HttpError' }
}
class DefaultMap extends Map {
  constructor(factory, entries) { super(entries); this.factory = factory }
  get(key) { if (!this.has(key)) this.set(key, this.factory(key)); return super.get(key) }
}
class Tracked extends Promise {}
const s = Stack.of2(1, 2, 3)
const filtered = s.filter(x => x > 1)
const err = new HttpError(404, 'missing', { cause: 'route' })
const dm = new DefaultMap(k => k.length, [['a', 1]])
const t = new Tracked(resolve => resolve(1))
const chained = t.then(x => x)
console.log(JSON.stringify({
  stack: [s.peek(), s instanceof Stack, filtered instanceof Stack, filtered.peek(), s.length],
  err: [err.name, err.status, err.message, err.cause, err instanceof Error, String(err)],
  dm: [dm.get('a'), dm.get('hello'), dm.size],
  tracked: [chained instanceof Tracked, await chained],
}))
