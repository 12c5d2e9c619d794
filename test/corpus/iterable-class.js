class Range {
  constructor(from, to) { this.from = from; this.to = to }
  *[Symbol.iterator]() { for (let i = this.from; i <= this.to; i++) yield i }
  async *[Symbol.asyncIterator]() { for (const v of this) { await null; yield v * 10 } }
  map(fn) { return [...this].map(fn) }
}
const r = new Range(1, 4)
const out = { spread: [...r], mapped: r.map((v, i) => v * i), destructured: (([a, , c]) => [a, c])(r), arrayFrom: Array.from(r, x => -x) }
;(async () => {
  out.async = []
  for await (const v of r) out.async.push(v)
  console.log(JSON.stringify(out))
})()
