const log = []
const later = (v, label) => new Promise(resolve => setTimeout(() => { log.push(label); resolve(v) }, 0))
async function evaluationOrder() {
  let x = 1
  const sum = x + await (x = 10, later(5, 'operand'))
  return [sum, x]
}
async function inPositions(flag) {
  const template = `t:${await 'a'}:${await Promise.resolve('b')}`
  const cond = flag ? await 'yes' : await 'no'
  const args = Math.max(await 1, await 3, 2)
  const obj = { [await 'key']: await 'value' }
  let loops = 0
  for (let i = await 0; i < await 3; i += await 1) loops++
  const nestedAwait = await await await 'deep'
  const logical = (await null) ?? (await 'fallback')
  return { template, cond, args, obj, loops, nestedAwait, logical }
}
async function awaitInCatchFinally() {
  try { await Promise.reject(new Error('r')) } catch (e) { log.push(await `catch:${e.message}`) } finally { log.push(await 'finally') }
  return 'ok'
}
const results = [await evaluationOrder(), await inPositions(true), await inPositions(false), await awaitInCatchFinally()]
console.log(JSON.stringify({ results, log }))
