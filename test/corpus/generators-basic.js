function* counter(limit) {
  let i = 0
  while (i < limit) {
    const reset = yield i++
    if (reset) i = 0
  }
  return 'done'
}
function* bare() { const got = yield; return got }
function* expr() { const sum = 1 + (yield 'a') + (yield 'b'); return sum }
const g = counter(3)
const steps = [g.next(), g.next(), g.next(true), g.next(), g.next(), g.next(), g.next()]
const b = bare()
const bs = [b.next('ignored'), b.next('sent'), b.next()]
const e = expr()
const es = [e.next(), e.next(10), e.next(20)]
const spread = [...counter(4)]
const obj = { *items() { yield* [1, 2]; yield 3 } }
console.log(JSON.stringify({ steps, bs, es, spread, items: [...obj.items()], toStringTag: Object.prototype.toString.call(g) }))
