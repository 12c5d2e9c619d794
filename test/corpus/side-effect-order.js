const log = []
const t = (tag, v) => { log.push(tag); return v }
function callee(a, b, c) { log.push('body'); return a + b + c }
const obj = { get g() { log.push('getter'); return 1 }, m(x) { log.push(`m:${x}`); return this } }
callee(t('arg1', 1), t('arg2', 2), obj.g)
t('target', obj).m(t('marg', 'x')).m(2)
const x = t('lhs', {})
x[t('key', 'k')] = t('rhs', 3)
t('a', false) || t('b', true) && t('c', 0)
t('n', null) ?? t('nullish', 'd')
new (t('ctor', class { constructor() { log.push('constructed') } }))(t('newArg', 1))
const arr = [t('e1', 1), ...t('spread', [2, 3]), t('e3', 4)]
const { [t('destKey', 'q')]: q = t('destDefault', 9) } = {}
log.push(arr.length, q)
console.log(JSON.stringify(log))
