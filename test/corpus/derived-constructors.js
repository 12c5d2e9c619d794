const log = []
class Base {
  baseField = log.push('base-field')
  constructor(x) { log.push(`base-ctor:${x}`); this.x = x }
}
class Derived extends Base {
  derivedField = log.push(`derived-field:${this.x}`)
  constructor(x) {
    log.push('before-super')
    const y = x * 2
    super(y)
    log.push(`after-super:${this.derivedField}`)
  }
}
class ThisBeforeSuper extends Base {
  constructor() {
    try { this.nope = 1 } catch (e) { log.push(e.constructor.name) }
    super(0)
  }
}
class ReturnsObject extends Base {
  constructor() { return { replaced: true } }
}
class SuperThrows extends Base {
  constructor() {
    try { super(Symbol('s')) } catch (e) { log.push(`caught:${e.constructor.name}`) }
    super(1)
  }
}
class Base2 { constructor(v) { if (v === undefined) throw new RangeError('no v') } }
class Inner extends Base2 { constructor() { super() } }
class NoSuper extends Base { constructor() { } }
const d = new Derived(3)
log.push(d.x, d.derivedField)
new ThisBeforeSuper()
log.push(JSON.stringify(new ReturnsObject()))
try { new SuperThrows() } catch (e) { log.push(`outer:${e.constructor.name}`) }
try { new Inner() } catch (e) { log.push(`${e.constructor.name}:${e.message}`) }
try { new NoSuper() } catch (e) { log.push(`nosuper:${e.constructor.name}`) }
console.log(JSON.stringify(log))
