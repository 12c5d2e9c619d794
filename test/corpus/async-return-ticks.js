// `return p` vs `return await p` differ by ticks; instrumentation must keep both as they are.
const log = []
const p = Promise.resolve('v')
async function returnDirect() { return p }
async function returnAwait() { return await p }
async function returnValue() { return 'plain' }
async function nestedAsync() { return returnValue() }
const arrowReturn = async () => p
returnDirect().then(() => log.push('direct'))
returnAwait().then(() => log.push('await'))
returnValue().then(() => log.push('value'))
nestedAsync().then(() => log.push('nested'))
arrowReturn().then(() => log.push('arrow'))
p.then(() => log.push('t1')).then(() => log.push('t2')).then(() => log.push('t3')).then(() => log.push('t4')).then(() => log.push('t5'))
setTimeout(() => console.log(JSON.stringify(log)), 0)
