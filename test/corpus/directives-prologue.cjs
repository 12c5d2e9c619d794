'use client'
'use strict'
function isStrict() { return this === undefined }
function inner() {
  'use custom'
  'use strict'
  return (function () { return this === undefined })()
}
const withComment = function () {
  // a comment before the directive
  'use strict'
  return typeof this
}
function notDirective() {
  var x = 1;
  'use strict'
  return x
}
console.log(JSON.stringify({ isStrict: isStrict(), inner: inner(), withComment: withComment(), notDirective: notDirective() }))
