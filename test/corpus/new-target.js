const out = []
function F() {
  if (!new.target) return new F()
  this.made = new.target === F
}
function G() { out.push(new.target === undefined ? 'call' : new.target.name) }
class Base { constructor() { out.push(`base:${new.target.name}`) } }
class Child extends Base { constructor() { super(); out.push(`child:${new.target.name}`) } }
const f1 = F()
const f2 = new F()
out.push(f1.made, f2.made, f1 instanceof F)
G()
new G()
Reflect.construct(G, [], Child)
new Child()
Reflect.construct(Base, [], Child)
try { Child() } catch (e) { out.push(e.constructor.name) }
const arrowInCtor = function () { return (() => new.target)() }
out.push(new arrowInCtor() instanceof arrowInCtor ? 'object-returned' : 'other')
console.log(JSON.stringify(out))
