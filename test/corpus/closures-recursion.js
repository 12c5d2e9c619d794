function makeCounter() {
  let n = 0
  return { inc: () => ++n, get: function () { return n } }
}
const a = makeCounter()
const b = makeCounter()
a.inc(); a.inc(); b.inc()
const fact = n => n <= 1 ? 1 : n * fact(n - 1)
function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1) }
function isEven(n) { return n === 0 ? true : isOdd(n - 1) }
function isOdd(n) { return n === 0 ? false : isEven(n - 1) }
const memo = (() => { const cache = new Map(); return function fib(n) { if (n < 2) return n; if (cache.has(n)) return cache.get(n); const v = fib(n - 1) + fib(n - 2); cache.set(n, v); return v } })()
const iife = (function (x) { return x * 2 })(21)
console.log(JSON.stringify({ a: a.get(), b: b.get(), fact: fact(10), depth: depth(2000), even: isEven(101), fib: memo(60), iife }))
