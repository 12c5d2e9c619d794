function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1) }
const fib = n => (n < 2 ? n : fib(n - 1) + fib(n - 2))
function even(n) { return n === 0 ? true : odd(n - 1) }
function odd(n) { return n === 0 ? false : even(n - 1) }
function walk(node) { return node ? 1 + walk(node.next) : 0 }
let list = null
for (let i = 0; i < 2000; i++) list = { next: list }
console.log(JSON.stringify({ depth: depth(2000), fib: fib(20), parity: [even(1001), odd(1001)], walk: walk(list) }))
