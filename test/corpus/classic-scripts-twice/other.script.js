'use strict'
var otherState = { calls: 0 }
function otherApi() { otherState.calls++; return [typeof bump, otherState.calls, (function () { return this })() === undefined] }
