const sym = Symbol('described')
function declared(a, b) {}
const expression = function (a) {}
const namedExpression = function realName(a, b, c) {}
const arrow = (a, b = 1, c) => {}
const rest = (...args) => args
const destructured = ({ a }, [b], c = 3) => {}
const obj = { method(x) {}, [sym]() {}, ['computed' + 'Key']() {}, get g() { return 1 }, set g(v) {}, async am() {}, *gm() {}, arrowProp: () => {}, 123() {} }
class Shape { constructor(w, h) {} static create(x) {} #priv() {} area() {} static [sym]() {} exposePriv() { return this.#priv } }
const bound = declared.bind(null, 1)
export default function () {}
import defaultFn from './name-length-forms.mjs'
const describe = f => [f.name, f.length]
const g = Object.getOwnPropertyDescriptor(obj, 'g')
console.log(JSON.stringify({
  declared: describe(declared), expression: describe(expression), namedExpression: describe(namedExpression),
  arrow: describe(arrow), rest: describe(rest), destructured: describe(destructured),
  method: describe(obj.method), sym: describe(obj[sym]), computed: describe(obj.computedKey), getter: describe(g.get), setter: describe(g.set),
  am: describe(obj.am), gm: describe(obj.gm), arrowProp: describe(obj.arrowProp), numeric: describe(obj[123]),
  Shape: describe(Shape), create: describe(Shape.create), area: describe(Shape.prototype.area), staticSym: describe(Shape[sym]),
  priv: describe(new Shape().exposePriv()), bound: describe(bound), defaultFn: describe(defaultFn),
}))
