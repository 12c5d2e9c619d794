class Even { static [Symbol.hasInstance](n) { return n % 2 === 0 } }
const money = { amount: 5, [Symbol.toPrimitive](hint) { return hint === 'number' ? this.amount : `$${this.amount}` } }
class Range {
  constructor(n) { this.n = n }
  *[Symbol.iterator]() { for (let i = 0; i < this.n; i++) yield i }
  get [Symbol.toStringTag]() { return 'Range' }
}
class Species extends Array { static get [Symbol.species]() { return Array } }
const s = Species.from([1, 2, 3])
const mapped = s.map(x => x)
const asyncIterable = { async *[Symbol.asyncIterator]() { yield 'x'; yield 'y' } }
const collected = []
for await (const v of asyncIterable) collected.push(v)
console.log(JSON.stringify({
  even: [4 instanceof Even, 3 instanceof Even], prim: [+money, `${money}`, money + 1],
  range: [...new Range(3)], tag: Object.prototype.toString.call(new Range(1)),
  species: [s instanceof Species, mapped instanceof Species, mapped.constructor.name], collected,
}))
