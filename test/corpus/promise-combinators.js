const log = []
const delay = (v, ms) => new Promise(resolve => setTimeout(() => resolve(v), ms))
async function slow(v) { await delay(null, 5); log.push(`slow:${v}`); return v }
async function fast(v) { await null; log.push(`fast:${v}`); return v }
async function failing() { await null; throw new Error('fail') }
async function main() {
  log.push(JSON.stringify(await Promise.all([slow(1), fast(2), 3])))
  log.push(await Promise.race([slow('race-slow'), fast('race-fast')]))
  log.push(JSON.stringify((await Promise.allSettled([failing(), fast('ok')])).map(r => r.status)))
  log.push(await Promise.any([failing(), fast('any')]))
  try { await Promise.all([failing(), slow('x')]) } catch (e) { log.push(`all-failed:${e.message}`) }
  await delay(null, 20)
}
main().then(() => console.log(JSON.stringify(log)))
