const obj = () => ({ a: 1 })
const seq = (a, b) => (a, b)
const nested = a => b => c => a + b + c
const voided = () => void 0
const ternary = x => x > 0 ? 'pos' : x < 0 ? 'neg' : 'zero'
const comma = () => [1, 2].map(x => x * 2)
const multiLine = (a) =>
  // comment on its own line
  a
  + 1
const inTemplate = x => `v=${x}`
const regexBody = s => /a+/.test(s)
const objInParens = () => (({ b: 2 }))
const withIn = (k, o) => k in o
const asyncBody = async x => x * 2
const assignBody = o => o.v = 5
const o = {}
assignBody(o)
asyncBody(4).then((doubled) => {
  console.log(JSON.stringify({
    obj: obj(), seq: seq(1, 2), nested: nested(1)(2)(3), voided: voided() === undefined, ternary: [ternary(1), ternary(-1), ternary(0)],
    comma: comma(), multiLine: multiLine(1), inTemplate: inTemplate(3), regexBody: regexBody('caat'), objInParens: objInParens(),
    withIn: withIn('x', { x: 1 }), doubled, assigned: o.v,
  }))
})
