const log = []
function* syncGen() { try { yield Promise.resolve('p1'); yield 'plain'; yield Promise.resolve('p3') } finally { log.push('sync-finally') } }
async function consume(iterable, stopAt) {
  const seen = []
  for await (const v of iterable) { seen.push(v); if (v === stopAt) break }
  return seen
}
async function rejecting() {
  const seen = []
  try { for await (const v of [Promise.resolve(1), Promise.reject(new Error('rejected-item')), 3]) seen.push(v) }
  catch (e) { seen.push(`error:${e.message}`) }
  return seen
}
const custom = {
  [Symbol.asyncIterator]() {
    let i = 0
    return {
      next: async () => { log.push(`next:${i}`); return i < 3 ? { value: i++, done: false } : { value: undefined, done: true } },
      return: async () => { log.push('custom-return'); return { done: true } },
    }
  },
}
const results = [await consume(syncGen()), await consume(syncGen(), 'plain'), await rejecting(), await consume(custom, 1), await consume(custom)]
console.log(JSON.stringify({ results, log }))
