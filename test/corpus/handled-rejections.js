const events = []
process.on('unhandledRejection', (reason) => { events.push(`unhandled:${reason.message}`) })
process.on('rejectionHandled', () => { events.push('rejectionHandled') })
async function rejects(label) { throw new Error(label) }
async function rejectsLater(label) { await null; throw new Error(label) }
async function catches() { try { await rejects('inner') } catch (e) { return `caught:${e.message}` } }
async function awaitsAll() { return Promise.all([rejects('all-1'), rejectsLater('all-2')]) }
rejects('handled-sync').catch(e => events.push(`catch:${e.message}`))
const pending = rejectsLater('handled-next-tick')
pending.then(null, e => events.push(`then-handler:${e.message}`))
catches().then(v => events.push(v))
awaitsAll().catch(e => events.push(`all:${e.message}`))
Promise.allSettled([rejects('settled'), Promise.resolve(1)]).then(r => events.push(r.map(x => x.status).join(',')))
setTimeout(() => console.log(JSON.stringify(events)), 20)
