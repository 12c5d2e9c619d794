const seen = []
function tag(strings, ...values) { seen.push(strings); return strings.raw.join('|') + values.join(',') }
const make = n => tag`a${n}b\n${n + 1}`
function inFunction() { return tag`fixed` }
const first = make(1)
const second = make(2)
console.log(JSON.stringify({
  first, second,
  sameCallSite: seen[0] === seen[1],
  frozen: Object.isFrozen(seen[0]),
  functionSite: inFunction() === inFunction() && seen[2] === seen[3],
  differentSites: seen[0] !== seen[2],
  raw: String.raw`x\ty${1 + 1}`,
}))
