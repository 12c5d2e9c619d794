var traps = []
var scope = new Proxy({ a: 1, f: function () { return 'scope-f' } }, {
  has(target, key) { if (typeof key === 'string') traps.push(`has:${key}`); return key in target },
  get(target, key) { if (typeof key === 'string') traps.push(`get:${key}`); return target[key] },
})
function useWith() {
  with (scope) {
    var fromWith = a + 1
    function inside() { return typeof a }
    var made = function () { return a * 10 }
    return [fromWith, f(), made(), inside()]
  }
}
function withObject(o) {
  with (o) { return (function () { return x + y })() }
}
function after() { return 'after-with' }
console.log(JSON.stringify({ useWith: useWith(), withObject: withObject({ x: 2, y: 3 }), after: after(), traps }))
