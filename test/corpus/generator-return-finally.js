const log = []
function* counter(limit) {
  let i = 0
  try {
    while (i < limit) {
      try { const sent = yield i++; if (sent) log.push(`sent:${sent}`) }
      catch (e) { log.push(`inner-catch:${e}`); if (e === 'fatal') throw e }
    }
    return 'done'
  } finally {
    log.push('cleanup')
    yield 'from-finally'
  }
}
const g1 = counter(5)
const s1 = [g1.next(), g1.next('hello'), g1.throw('recoverable'), g1.return('early'), g1.next(), g1.next()]
const g2 = counter(3)
g2.next()
let fatal
try { g2.throw('fatal'); g2.next(); g2.next() } catch (e) { fatal = e }
const g3 = counter(2)
const returnedBeforeStart = g3.return('never-started')
const spread = [...counter(3)]
const early = []
for (const v of counter(10)) { early.push(v); if (v === 2) break }
function* delegating() { const r = yield* counter(1); log.push(`delegate-result:${r}`); return r }
const viaDelegate = [...delegating()]
console.log(JSON.stringify({ log, s1, fatal, returnedBeforeStart, spread, early, viaDelegate }))
