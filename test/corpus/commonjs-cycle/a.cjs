exports.early = function early() { return 'early' }
const b = require('./b.cjs')
exports.describe = function describe() { return `a sees ${b.name()}` }
