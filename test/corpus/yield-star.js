const log = []
function* inner() {
  try {
    const a = yield 'i1'
    log.push(`inner got ${a}`)
    yield 'i2'
    return 'inner-result'
  }
  catch (e) { log.push(`inner caught ${e}`); return 'recovered' }
  finally { log.push('inner finally') }
}
function* outer() {
  const result = yield* inner()
  log.push(`result ${result}`)
  yield 'o1'
}
const g = outer()
log.push(JSON.stringify([g.next(), g.next('A'), g.next(), g.next()]))
const t = outer()
t.next()
log.push(JSON.stringify(t.throw('T')))
const r = outer()
r.next()
log.push(JSON.stringify(r.return('R')))
const iterable = { [Symbol.iterator]() { let i = 0; return { next: () => ({ value: i, done: i++ > 1 }), return: v => { log.push('custom return'); return { value: v, done: true } } } } }
function* delegating() { yield* iterable }
const d = delegating()
d.next()
log.push(JSON.stringify(d.return('x')))
console.log(JSON.stringify(log))
