const calls = []
const text = JSON.stringify({ a: 1, nested: { b: [1, 2], date: new Date(0) }, skip: 'x' }, function replacer(key, value) {
  calls.push(typeof this === 'object' ? key : 'no-this')
  return key === 'skip' ? undefined : value
})
const parsed = JSON.parse(text, (key, value) => (typeof value === 'number' ? value * 10 : value))
class Money { constructor(c) { this.c = c } toJSON(key) { return `${key || 'root'}:${this.c}` } }
const sorted = [5, 1, 4, 2, 3].sort(function compare(a, b) { return b - a })
const reduced = [1, 2, 3].reduce((acc, x, i, arr) => acc + x * arr.length + i, 0)
console.log(JSON.stringify({ text, parsed, calls, money: JSON.stringify({ price: new Money(3) }), sorted, reduced }))
