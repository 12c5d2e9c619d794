const people = [{ n: 'b', a: 30 }, { n: 'a', a: 25 }, { n: 'c', a: 35 }]
const sorted = [...people].sort((x, y) => x.a - y.a).map(p => p.n)
const total = people.reduce((sum, p) => sum + p.a, 0)
const byThis = people.map(function (p) { return `${this.prefix}${p.n}` }, { prefix: '>' })
const found = people.find(({ a }) => a > 26)
const idx = people.findIndex(p => p.n === 'c')
const flat = [[1, [2]], [3]].flat(Infinity).flatMap(x => [x, x * 10])
const grouped = {}
people.forEach((p, i, arr) => { grouped[p.a > 28 ? 'old' : 'young'] = (grouped[p.a > 28 ? 'old' : 'young'] || 0) + arr.length - i })
const every = people.every(p => p.a > 20)
const args = (function () { return Array.prototype.map.call(arguments, x => x + 1) })(1, 2, 3)
console.log(JSON.stringify({ sorted, total, byThis, found, idx, flat, grouped, every, args }))
