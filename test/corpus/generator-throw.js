const log = []
function* guarded() {
  let attempts = 0
  while (true) {
    try { const v = yield attempts++; log.push(`ok:${v}`) }
    catch (e) { log.push(`retry:${e}`); if (attempts > 2) return 'gave-up' }
    finally { log.push('step-finally') }
  }
}
const g = guarded()
g.next()
g.next('a')
g.throw('e1')
log.push(JSON.stringify(g.throw('e2')))
try { g.throw('after-done') } catch (e) { log.push(`rethrown:${e}`) }
function* unguarded() { yield 1 }
const u = unguarded()
try { u.next(); u.throw(new Error('kills')) } catch (e) { log.push(e.message) }
log.push(JSON.stringify(u.next()))
const fresh = unguarded()
try { fresh.throw('before-start') } catch (e) { log.push(`fresh:${e}`) }
console.log(JSON.stringify(log))
