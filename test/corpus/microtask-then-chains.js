const log = []
async function a1() { log.push('a1:0'); await undefined; log.push('a1:1'); await undefined; log.push('a1:2') }
async function a2() { log.push('a2:0'); await Promise.resolve(); log.push('a2:1'); return 'a2-done' }
async function a3() { log.push('a3:0'); const v = await { then(r) { r('thenable') } }; log.push(`a3:${v}`) }
async function returnsPromise() { return Promise.resolve('rp') }
async function returnsValue() { return 'rv' }
const p = Promise.resolve()
p.then(() => log.push('t1')).then(() => log.push('t2')).then(() => log.push('t3')).then(() => log.push('t4')).then(() => log.push('t5'))
a1()
a2().then(v => log.push(`a2-then:${v}`))
a3()
returnsPromise().then(v => log.push(`returnsPromise:${v}`))
returnsValue().then(v => log.push(`returnsValue:${v}`))
const gen = (async function* () { log.push('ag:0'); yield 1; log.push('ag:1') })()
gen.next().then(r => log.push(`ag-next:${r.value}`))
setTimeout(() => console.log(JSON.stringify(log)), 0)
