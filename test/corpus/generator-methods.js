class Tree {
  constructor(value, children = []) { this.value = value; this.children = children }
  *[Symbol.iterator]() { yield this.value; for (const child of this.children) yield* child }
  static *range(n) { for (let i = 0; i < n; i++) yield i }
}
const obj = {
  *pairs(arr) { for (let i = 0; i < arr.length - 1; i++) yield [arr[i], arr[i + 1]] },
  *echo() { let received = []; while (received.length < 3) { const got = yield received.length; received.push(got) } return received },
  *precedence() { const a = yield 1, b = 2; yield a + b; yield (yield 'inner') + '!' },
}
const tree = new Tree(1, [new Tree(2, [new Tree(3)]), new Tree(4)])
const echo = obj.echo()
const echoed = [echo.next(), echo.next('x'), echo.next('y'), echo.next('z')]
const prec = obj.precedence()
const precedence = [prec.next().value, prec.next(10).value, prec.next().value, prec.next('sent').value]
console.log(JSON.stringify({ tree: [...tree], range: [...Tree.range(3)], pairs: [...obj.pairs([1, 2, 3])], echoed, precedence, genName: obj.pairs.name }))
