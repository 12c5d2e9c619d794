const log = []
async function asyncTask(label) { log.push(`${label}:sync`); await null; log.push(`${label}:after-await`) }
setTimeout(() => log.push('timeout-0'), 0)
setImmediate(() => log.push('immediate'))
process.nextTick(() => log.push('nextTick'))
Promise.resolve().then(() => { log.push('promise'); process.nextTick(() => log.push('nextTick-from-promise')) })
queueMicrotask(() => log.push('queueMicrotask'))
asyncTask('a')
setTimeout(async () => { log.push('timeout-async'); await asyncTask('in-timeout'); log.push('timeout-async-end') }, 1)
log.push('sync-end')
setTimeout(() => console.log(JSON.stringify(log)), 30)
