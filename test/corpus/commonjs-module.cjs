const path = require('node:path')
exports.first = function first() { return 'first' }
module.exports.second = () => 'second'
function usesModule() { return [typeof module, typeof exports, typeof require, path.basename(__filename), typeof __dirname] }
const self = require(__filename)
const topThis = this === module.exports
console.log(JSON.stringify({ usesModule: usesModule(), same: self === module.exports, keys: Object.keys(module.exports), calls: [self.first(), self.second()], topThis }))
return
console.log('never')
