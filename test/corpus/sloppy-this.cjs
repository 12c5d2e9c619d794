function sloppyThis() { return this === globalThis }
function strictThis() { 'use strict'; return this }
function primitiveThis() { return typeof this }
function strictPrimitiveThis() { 'use strict'; return typeof this }
function assignUndeclared() { undeclaredGlobal = 5; return typeof globalThis.undeclaredGlobal }
function strictAssign() { 'use strict'; try { alsoUndeclared = 1 } catch (e) { return e.constructor.name } }
var topThis = this === module.exports
function octal() { return 010 }
console.log(JSON.stringify({
  sloppyThis: sloppyThis(),
  strictThis: strictThis() === undefined,
  primitive: [primitiveThis.call(1), strictPrimitiveThis.call(1)],
  assignUndeclared: assignUndeclared(),
  strictAssign: strictAssign(),
  topThis,
  octal: octal(),
}))
