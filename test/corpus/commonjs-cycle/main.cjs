const a = require('./a.cjs')
const b = require('./b.cjs')
console.log(JSON.stringify({ a: a.describe(), b: b.describe(), bSawPartialA: b.sawPartialA, sameCache: require('./a.cjs') === a }))
