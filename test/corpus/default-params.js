const log = []
const side = (tag, v) => { log.push(tag); return v }
function f(a = side('a', 1), b = side('b', a + 1), { c = side('c', 3) } = {}, [d = side('d', 4)] = []) { return [a, b, c, d] }
function tdz() { try { return ((x = y, y = 1) => x)() } catch (e) { return e.constructor.name } }
function scope(x = 1, get = () => x) { var x = 2; return [get(), x] }
function throwsInDefault(a = (() => { throw new Error('default-threw') })()) { return a }
const arrowDefaults = (x = 1, y = x + 1) => x + y
function lengthCheck(a, b = 2, c) {}
log.push(JSON.stringify(f()))
log.push(JSON.stringify(f(10, undefined, { c: null }, [])))
log.push(tdz())
log.push(JSON.stringify(scope()))
try { throwsInDefault() } catch (e) { log.push(e.message) }
log.push(arrowDefaults(), arrowDefaults(5, 5), lengthCheck.length, throwsInDefault(7))
function argumentsWithDefaults(a = 1) { a = 9; return [arguments.length, arguments[0]] }
log.push(JSON.stringify(argumentsWithDefaults(3)))
console.log(JSON.stringify(log))
