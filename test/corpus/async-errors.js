const log = []
async function rejects() { await null; throw new TypeError('async-fail') }
async function catches() {
  try { await rejects() }
  catch (e) { log.push(`caught:${e.message}`); return 'handled' }
  finally { log.push('finally') }
}
async function syncThrowInAsync() { throw new RangeError('immediate') }
async function awaitRejected() {
  try { await Promise.reject(new Error('rejected')) }
  catch (e) { log.push(`c2:${e.message}`) }
  await null
  log.push('continued')
}
async function finallyAwait() {
  try { return 'ret' }
  finally { await null; log.push('finally-await') }
}
catches().then(v => log.push(v))
const p = syncThrowInAsync()
log.push(`sync-returned:${p instanceof Promise}`)
p.catch(e => log.push(`rejection:${e.message}`))
awaitRejected()
finallyAwait().then(v => log.push(`fa:${v}`))
setTimeout(() => console.log(JSON.stringify(log)), 0)
