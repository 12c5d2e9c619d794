function sign(x) { if (x > 0) return 'pos'; else if (x < 0) return 'neg'; else return 'zero' }
function loopBody(n) { let s = 0; for (let i = 0; i < n; i++) if (i % 2) s += i; else continue; return s }
function returnNewline() {
  return
  42
}
const commaBody = (a, b) => (a, b)
const objectBody = x => ({ x })
const nestedArrows = a => b => c => a + b + c
const ternaryArrow = x => x ? 'yes' : 'no'
const withComment = x => /* comment */ x * 2
const lineBreakBody = x =>
  x + 1
let value = 1
const next = () => value++
const afterAsi = () => 'asi'
;(function iife() { value += 100 })()
const tpl = () => `t${value}`
const pure = /*#__PURE__*/ (() => 'pure')()
console.log(JSON.stringify({
  sign: [sign(1), sign(-1), sign(0)], loop: loopBody(6), returnNewline: returnNewline(), commaBody: commaBody(1, 2),
  objectBody: objectBody(3), nested: nestedArrows(1)(2)(3), ternary: [ternaryArrow(1), ternaryArrow(0)],
  withComment: withComment(4), lineBreakBody: lineBreakBody(1), next: next(), asi: afterAsi(), value, tpl: tpl(), pure,
}))
