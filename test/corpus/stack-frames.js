// Body injection adds no frames: stack depth and function names in stacks stay the same.
function frames() { return new Error('x').stack.split('\n').slice(1).map(l => l.trim().split(' ')[1]) }
function a() { return b() }
function b() { return frames().slice(0, 2) }
const arrow = () => frames()[0]
class K { method() { return frames()[0] } static s() { return frames()[0] } }
function depth() { let n = 0; function rec() { n++; rec() } try { rec() } catch { } return n > 100 }
console.log(JSON.stringify({ ab: a(), arrow: arrow(), method: new K().method(), s: K.s(), depth: depth() }))
