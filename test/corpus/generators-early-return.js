const log = []
function* resource(name) {
  log.push(`open:${name}`)
  try {
    yield 1
    yield 2
    yield 3
  }
  finally {
    log.push(`close:${name}`)
  }
}
for (const v of resource('a')) { if (v === 2) break; log.push(`v:${v}`) }
const g = resource('b')
g.next()
log.push(JSON.stringify(g.return('early')))
log.push(JSON.stringify(g.next()))
const h = resource('c')
log.push(JSON.stringify(h.return('before-start')))
function* catching() {
  while (true) {
    try { yield 'ready' }
    catch (e) { log.push(`caught:${e}`) }
  }
}
const c = catching()
c.next()
log.push(JSON.stringify(c.throw('boom')))
log.push(JSON.stringify(c.return('bye')))
function* finallyYields() { try { yield 1 } finally { yield 'cleanup' } }
const f = finallyYields()
f.next()
log.push(JSON.stringify(f.return('r')), JSON.stringify(f.next()))
const [first] = resource('d')
log.push(`destructured:${first}`)
console.log(JSON.stringify(log))
