const log = []
process.on('unhandledRejection', (reason, promise) => { log.push(`unhandled:${reason.message}`); promise.catch(() => {}) })
process.on('rejectionHandled', () => log.push('rejection-handled-late'))
async function fails(msg) { await null; throw new Error(msg) }
async function failsSync(msg) { throw new Error(msg) }
fails('never-handled')
failsSync('sync-never-handled')
fails('handled').catch(e => log.push(`handled:${e.message}`))
const late = fails('late')
setTimeout(() => {
  late.catch(e => log.push(`late-catch:${e.message}`))
  setTimeout(() => console.log(JSON.stringify(log.sort())), 10)
}, 10)
