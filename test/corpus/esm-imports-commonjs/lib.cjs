'use strict'
class Counter { constructor() { this.count = 0 } add(n) { this.count += n; return this } }
exports.named = function named() { return 'named-export' }
exports.Counter = Counter
