const log = []
async function* ticks(n) {
  try {
    for (let i = 0; i < n; i++) {
      await null
      log.push(`produce:${i}`)
      const got = yield i
      if (got) log.push(`got:${got}`)
    }
  }
  finally { log.push('ticks-finally') }
}
async function consume() {
  for await (const v of ticks(3)) log.push(`consume:${v}`)
  for await (const v of ticks(5)) { if (v === 1) break; log.push(`early:${v}`) }
  const g = ticks(2)
  log.push(JSON.stringify(await g.next()))
  log.push(JSON.stringify(await g.next('sent')))
  log.push(JSON.stringify(await g.return('stop')))
  log.push(JSON.stringify(await g.next()))
  const t = ticks(2)
  await t.next()
  try { await t.throw(new Error('thrown-in')) } catch (e) { log.push(`throw:${e.message}`) }
  return 'consumed'
}
Promise.resolve().then(() => log.push('m1')).then(() => log.push('m2')).then(() => log.push('m3'))
consume().then(v => { log.push(v); console.log(JSON.stringify(log)) })
