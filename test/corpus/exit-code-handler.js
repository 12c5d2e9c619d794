// corpus: may fail (process.exitCode, beforeExit and exit handlers are kept)
const log = []
function onBeforeExit() { if (log.length === 0) { log.push('beforeExit'); setTimeout(() => log.push('timer-after-beforeExit'), 0) } }
process.on('beforeExit', onBeforeExit)
process.on('exit', (code) => { console.log(JSON.stringify({ log, code })) })
async function work() { await null; process.exitCode = 3 }
work()
