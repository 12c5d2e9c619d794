const a = require('./a.cjs')
module.exports = {
  sawPartialA: [Object.keys(a), typeof a.early === 'function' ? a.early() : null],
  name() { return 'b' },
  describe() { return `b sees ${typeof a.describe}` },
}
