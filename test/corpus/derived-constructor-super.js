const log = []
class Base {
  constructor(x) { if (x === 'boom') throw new Error('base-throws'); this.x = x; log.push(['base', new.target.name]) }
}
class PreSuper extends Base {
  constructor(x) {
    const prepared = `pre-${x}`
    log.push('before-super')
    super(prepared)
    this.after = true
  }
}
class ArrowSuper extends Base {
  constructor(x) {
    const callSuper = () => super(x)
    callSuper()
    log.push(['arrow-super', this.x])
  }
}
class Caught extends Base {
  constructor() {
    try { super('boom') } catch (e) { log.push(['caught', e.message]) }
    super('second')
  }
}
class ReturnsObject extends Base {
  constructor() { super('r'); return { replaced: true } }
}
class ThisBeforeSuper extends Base {
  constructor() { this.x = 1; super() }
}
class ConditionalSuper extends Base {
  constructor(flag) { if (flag) super('a'); else super('b') }
}
const results = [new PreSuper('p'), new ArrowSuper('a'), new Caught(), new ReturnsObject(), new ConditionalSuper(false)]
let error
try { new ThisBeforeSuper() } catch (e) { error = e.constructor.name }
let superThrows
try { new PreSuper('x').constructor.call({}) } catch (e) { superThrows = e.constructor.name }
let baseThrows
try { new (class extends Base { constructor() { super('boom') } })() } catch (e) { baseThrows = e.message }
console.log(JSON.stringify({ log, results, error, superThrows, baseThrows }))
