const log = []
async function* source() {
  try {
    log.push('start')
    yield 1
    log.push('after-1')
    yield await Promise.resolve(2)
    yield* inner()
  } catch (e) {
    log.push(`caught:${e.message}`)
    yield 'recovered'
  } finally {
    log.push('finally')
    await null
    log.push('finally-after-await')
  }
}
async function* inner() { try { yield 'inner-1'; yield 'inner-2' } finally { log.push('inner-finally') } }
const a = source()
log.push(JSON.stringify(await a.next()))
log.push(JSON.stringify(await a.return('early')))
log.push(JSON.stringify(await a.next()))
const b = source()
await b.next()
log.push(JSON.stringify(await b.throw(new Error('thrown-in'))))
log.push(JSON.stringify(await b.next()))
const c = source()
await c.next(); await c.next(); await c.next()
log.push(JSON.stringify(await c.next()))
log.push(JSON.stringify(await c.return('stop-inner')))
const d = source()
const queued = await Promise.all([d.next(), d.next(), d.next(), d.return('q')])
log.push(JSON.stringify(queued))
let notStarted
try { await source().throw(new Error('before-start')) } catch (e) { notStarted = e.message }
console.log(JSON.stringify({ log, notStarted }))
