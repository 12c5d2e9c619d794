const log = []
async function step(label) { log.push(`start:${label}`); await null; log.push(`end:${label}`); return label }
Promise.resolve().then(() => log.push('then-1')).then(() => log.push('then-2'))
queueMicrotask(() => log.push('microtask'))
const first = await step('a')
log.push(`after-await:${first}`)
const [x, y] = await Promise.all([step('b'), step('c')])
for await (const v of [Promise.resolve(1), 2]) log.push(`for-await:${v}`)
const thenable = { then(resolve) { log.push('thenable-then'); resolve('t') } }
log.push(`thenable:${await thenable}`)
try { await Promise.reject(new Error('tla-rejects')) } catch (e) { log.push(`caught:${e.message}`) }
console.log(JSON.stringify({ log, x, y }))
