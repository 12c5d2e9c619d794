const log = []
const thenable = { then(resolve) { log.push('then-called'); resolve('thenable-value') } }
const lateThenable = { then(resolve) { setTimeout(() => resolve('late'), 0) } }
async function useThenable() {
  log.push('before')
  const v = await thenable
  log.push(`after:${v}`)
  const late = await lateThenable
  log.push(`late:${late}`)
  return v
}
async function nonPromiseThenProp() { const obj = { then: 5 }; const v = await obj; return v.then }
Promise.resolve().then(() => log.push('tick1')).then(() => log.push('tick2')).then(() => log.push('tick3'))
const p = useThenable()
log.push(`is-promise:${p instanceof Promise}`)
p.then(v => log.push(`resolved:${v}`))
nonPromiseThenProp().then(v => log.push(`then-prop:${v}`))
setTimeout(() => setTimeout(() => console.log(JSON.stringify(log)), 0), 0)
