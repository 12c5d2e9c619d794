const out = []
function throwsValue(v) { throw v }
function rethrow(v) { try { throwsValue(v) } catch (e) { throw e } }
function finallyOverrides() { try { return 'try' } finally { return 'finally' } }
function finallySwallows() { try { throw new Error('x') } finally { return 'swallowed' } }
function finallyThrows() { try { return 1 } finally { throw new TypeError('from finally') } }
function nestedCatch() {
  try { try { throw 1 } catch (e) { throw e + 1 } finally { out.push('inner-finally') } }
  catch (e) { return e + 1 }
}
const err = new Error('identity')
try { rethrow(err) } catch (e) { out.push(e === err) }
for (const v of [undefined, null, 0, 'str', { o: 1 }]) {
  try { throwsValue(v) } catch (e) { out.push(e === v) }
}
out.push(finallyOverrides(), finallySwallows())
try { finallyThrows() } catch (e) { out.push(e.message) }
out.push(nestedCatch())
const arrowThrow = () => { throw new RangeError('arrow') }
try { arrowThrow() } catch (e) { out.push(e instanceof RangeError, e.message) }
const exprThrow = x => x.missing.deep
try { exprThrow({}) } catch (e) { out.push(e.constructor.name) }
console.log(JSON.stringify(out))
