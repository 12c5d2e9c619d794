const log = []
function source(name, n, withReturn) {
  let i = 0
  const it = {
    next() { log.push(`${name}.next`); return Promise.resolve({ value: i, done: i++ >= n }) },
    [Symbol.asyncIterator]() { return this },
  }
  if (withReturn) it.return = () => { log.push(`${name}.return`); return Promise.resolve({ done: true }) }
  return it
}
async function run() {
  for await (const v of source('plain', 2, true)) log.push(`plain:${v}`)
  for await (const v of source('brk', 3, true)) { if (v === 1) break; log.push(`brk:${v}`) }
  for await (const v of source('noret', 3, false)) { if (v === 0) break }
  outer: for await (const a of source('outer', 2, true)) {
    for await (const b of source('inner', 3, true)) {
      if (b === 1) continue outer
      log.push(`pair:${a}${b}`)
    }
  }
  try {
    for await (const v of source('throws', 3, true)) { if (v === 1) throw new Error('in-body') }
  }
  catch (e) { log.push(`caught:${e.message}`) }
  for await (const v of [Promise.resolve('s1'), 's2']) log.push(`sync:${v}`)
  const found = await (async () => { for await (const v of source('ret', 3, true)) if (v === 2) return v })()
  log.push(`found:${found}`)
  if (found) for await (const v of source('braceless', 1, false)) log.push(`b:${v}`)
  else log.push('else')
}
Promise.resolve().then(() => log.push('t1')).then(() => log.push('t2')).then(() => log.push('t3')).then(() => log.push('t4'))
run().then(() => console.log(JSON.stringify(log)))
