// Microtask order is observable: instrumentation must add no promise hops.
const log = []
async function awaitsValue() { log.push('a1'); await 1; log.push('a2'); await null; log.push('a3') }
async function awaitsPromise(p) { log.push('p1'); await p; log.push('p2') }
async function returnsAwait(p) { return await p }
async function returnsPromise(p) { return p }
const arrow = async () => { log.push('arrow1'); await undefined; log.push('arrow2') }
const resolved = Promise.resolve('r')
awaitsValue()
awaitsPromise(resolved)
arrow()
resolved.then(() => log.push('then1')).then(() => log.push('then2')).then(() => log.push('then3')).then(() => log.push('then4'))
returnsAwait(resolved).then(() => log.push('returnsAwait'))
returnsPromise(resolved).then(() => log.push('returnsPromise'))
queueMicrotask(() => log.push('microtask'))
log.push('sync-end')
setTimeout(() => console.log(JSON.stringify(log)), 0)
