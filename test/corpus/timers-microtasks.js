const log = []
async function a1() { log.push('a1-start'); await null; log.push('a1-after-await'); setTimeout(() => log.push('a1-timeout'), 0) }
function sync() { log.push('sync') }
setTimeout(() => log.push('timeout-1'), 0)
setImmediate(() => log.push('immediate'))
process.nextTick(() => log.push('nextTick'))
Promise.resolve().then(() => { log.push('promise-1'); process.nextTick(() => log.push('nextTick-in-promise')) })
queueMicrotask(() => log.push('microtask'))
a1()
sync()
setTimeout(() => setTimeout(() => console.log(JSON.stringify(log)), 5), 5)
