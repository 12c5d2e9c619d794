const out = {}
function plain() { return this === undefined ? 'undefined' : typeof this }
const obj = {
  name: 'obj',
  method() { return this.name },
  arrowInMethod() { return (() => this.name)() },
  nested() { return [1].map(function () { return this === undefined ? 'undefined' : this.tag }, { tag: 'thisArg' })[0] },
}
class C {
  constructor() { this.v = 'instance' }
  m() { return this?.v ?? 'lost' }
  static s() { return this.name }
}
out.plain = plain()
out.call = plain.call(5)
out.apply = plain.apply('str')
out.bound = plain.bind(null)()
out.method = obj.method()
out.detached = (() => { try { const m = obj.method; return m() } catch (e) { return e.constructor.name } })()
out.arrowInMethod = obj.arrowInMethod()
out.nested = obj.nested()
const c = new C()
out.classMethod = c.m()
out.classDetached = (0, c.m)()
out.staticThis = C.s()
out.callWithObj = obj.method.call({ name: 'other' })
console.log(JSON.stringify(out))
