const log = []
function finallyOverridesReturn() { try { return 'try' } finally { log.push('f1') } }
function returnInFinally() { try { throw new Error('lost') } finally { return 'finally-wins' } }
function throwInCatch() { try { throw new Error('first') } catch (e) { throw new Error(`second<-${e.message}`) } }
function nested() { try { try { throw 'inner' } finally { log.push('inner-finally') } } catch (e) { return `outer-caught:${e}` } }
function breakInFinally() { for (const x of [1, 2]) { try { return x } finally { if (x === 1) continue } } return 'loop-ended' }
function throwsNonError() { throw { custom: true } }
function rethrowSame() { const e = new Error('same'); try { throw e } catch (c) { return c === e } }
const results = { finallyOverridesReturn: finallyOverridesReturn(), returnInFinally: returnInFinally(), nested: nested(), breakInFinally: breakInFinally(), rethrowSame: rethrowSame() }
try { throwInCatch() } catch (e) { results.throwInCatch = e.message }
try { throwsNonError() } catch (e) { results.throwsNonError = e }
try { null.x } catch (e) { results.typeError = e.constructor.name }
console.log(JSON.stringify({ results, log }))
