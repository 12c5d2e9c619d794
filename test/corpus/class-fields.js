const log = []
let keyCount = 0
const key = () => { keyCount++; return `k${keyCount}` }
class Widget {
  static created = log.push('static-field');
  [key()] = log.push('computed-field')
  label = 'w'
  onClick = () => this.label
  handler = function () { return this === undefined ? 'undefined' : this.label }
  static {
    log.push('static-block')
  }
  constructor() { log.push('ctor') }
}
log.push('after-class')
const w1 = new Widget()
const w2 = new Widget()
const out = {
  log,
  keyCount,
  keys: Object.keys(w1),
  arrowThis: (0, w1.onClick)(),
  handlerThis: (0, w1.handler)(),
  separateArrows: w1.onClick !== w2.onClick,
  arrowName: w1.onClick.name,
  handlerName: w1.handler.name,
}
console.log(JSON.stringify(out))
