const log = []
function boom(label) { log.push(`boom:${label}`); throw new Error(label) }
function withDefault(a = boom('a-default')) { log.push('body'); return a }
function laterParam(a, b = a * 2, c = b + a) { return [a, b, c, arguments.length] }
function tdz(a = b, b = 1) { return [a, b] }
function scopeSeesParam(x = 1, read = () => x) { var x = 2; return [x, read()] }
const arrowDefault = (a = boom('arrow-default')) => a
class K { method(a = boom('method-default')) { return a } }
function destructuring({ a, b = boom('destructured') } = {}) { return [a, b] }
const results = {}
for (const [name, fn] of Object.entries({
  withDefault: () => withDefault(),
  withDefaultGiven: () => withDefault(7),
  laterParam: () => laterParam(3),
  tdz: () => tdz(),
  scopeSeesParam: () => scopeSeesParam(),
  arrowDefault: () => arrowDefault(),
  method: () => new K().method(),
  destructuring: () => destructuring({ a: 1 }),
  destructuringGiven: () => destructuring({ a: 1, b: 2 }),
})) {
  try { results[name] = fn() } catch (e) { results[name] = `${e.constructor.name}:${e.message}` }
}
console.log(JSON.stringify({ results, log, lengths: [withDefault.length, laterParam.length, tdz.length, destructuring.length] }))
