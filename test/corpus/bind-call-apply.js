function Point(x, y) { this.x = x; this.y = y }
Point.prototype.sum = function () { return this.x + this.y }
const BoundPoint = Point.bind(null, 10)
const p = new BoundPoint(5)
function greet(greeting, punct) { return `${greeting}, ${this.name}${punct}` }
const boundGreet = greet.bind({ name: 'bound' }, 'hi')
const arrow = () => typeof this
const boundArrow = arrow.bind({ name: 'ignored' })
console.log(JSON.stringify({
  p: [p.x, p.y, p.sum(), p instanceof Point, p instanceof BoundPoint],
  names: [BoundPoint.name, boundGreet.name, boundArrow.name], lengths: [BoundPoint.length, boundGreet.length],
  call: greet.call({ name: 'call' }, 'hey', '!'), apply: greet.apply({ name: 'apply' }, ['yo', '?']),
  bound: boundGreet('.'), rebind: boundGreet.call({ name: 'other' }, '!'), arrow: boundArrow(),
  reflect: Reflect.apply(greet, { name: 'reflect' }, ['hello', '']),
}))
