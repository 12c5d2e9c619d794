const log = []
function iterable(label) {
  return {
    [Symbol.iterator]() {
      let i = 0
      return {
        next() { log.push(`${label}:next`); return { value: i++, done: i > 5 } },
        return() { log.push(`${label}:return`); return { done: true } },
      }
    },
  }
}
const [a, b] = iterable('destructure')
for (const v of iterable('loop')) { if (v === 1) break }
try { for (const v of iterable('throw')) { if (v === 0) throw new Error('stop') } } catch (e) { log.push(e.message) }
const spread = [...iterable('spread')]
const fromMap = Array.from(iterable('from'), x => x * 2)
function* gen() { try { yield* iterable('delegate') } finally { log.push('gen-finally') } }
for (const v of gen()) { if (v === 2) break }
console.log(JSON.stringify({ a, b, spread, fromMap, log }))
