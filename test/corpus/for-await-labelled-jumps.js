// Labelled break/continue leaving a for-await body for an outer plain statement.
const log = []
function source(name, n) {
  let i = 0
  return {
    [Symbol.asyncIterator]() { return this },
    next() { return Promise.resolve({ value: i, done: i++ >= n }) },
    return() { log.push(`${name}.return`); return Promise.resolve({ done: true }) },
  }
}
async function jumps() {
  outer: for (const a of [1, 2, 3]) {
    for await (const b of source(`c${a}`, 3)) {
      if (b === 1) continue outer
      log.push(`c:${a}${b}`)
    }
  }
  await null
  outer2: for (let i = 0; i < 3; i++) {
    for await (const b of source(`b${i}`, 3)) {
      if (i === 1) break outer2
      log.push(`b:${i}${b}`)
    }
  }
  block: {
    for await (const v of source('block', 2)) if (v === 0) break block
    log.push('never')
  }
  let n = 0
  loop: while (n < 2) {
    n++
    try {
      for await (const v of source(`w${n}`, 2)) { if (v === 0) continue loop }
    }
    finally { log.push(`finally:${n}`) }
  }
  await null
  return 'done'
}
Promise.resolve().then(() => log.push('t1')).then(() => log.push('t2')).then(() => log.push('t3'))
jumps().then((v) => { log.push(v); console.log(JSON.stringify(log)) })
