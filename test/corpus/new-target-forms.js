function Plain() { return { target: new.target === undefined ? 'undefined' : new.target.name } }
function Guarded(x) { if (!new.target) return new Guarded(x); this.x = x }
class Base { constructor() { this.target = new.target.name; this.arrowTarget = (() => new.target.name)() } }
class Child extends Base {}
class Explicit extends Base { constructor() { super(); this.own = new.target.name } }
function Other() {}
const viaReflect = Reflect.construct(Base, [], Other)
const methodTarget = { m() { return new.target } }
console.log(JSON.stringify({
  plainCall: Plain(), plainNew: new Plain(),
  guarded: [Guarded(1) instanceof Guarded, new Guarded(2).x],
  child: new Child(), explicit: new Explicit(),
  reflect: [viaReflect.target, Object.getPrototypeOf(viaReflect) === Other.prototype],
  method: methodTarget.m() === undefined,
  reflectPlain: Reflect.construct(Plain, [], Other),
}))
