// Body injection adds no frames: stack depth and function names in stacks stay the same.
function frames() { return new Error('x').stack.split('\n').slice(1).map(l => l.trim().split(' ')[1]) }
function a() { return b() }
function b() { return frames().slice(0, 2) }
const arrow = () => frames()[0]
class K { method() { return frames()[0] } static s() { return frames()[0] } }
// Deep but bounded: at a real stack overflow the recorder's own exit call can fail too (a known,
// documented loss of exit records), which this program is not about.
function depth() { function rec(k) { return k === 0 ? 0 : 1 + rec(k - 1) } return rec(3000) }
console.log(JSON.stringify({ ab: a(), arrow: arrow(), method: new K().method(), s: K.s(), depth: depth() }))
