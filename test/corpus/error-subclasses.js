class AppError extends Error {
  constructor(message, code) {
    super(message)
    this.name = 'AppError'
    this.code = code
  }
  describe() { return `${this.name}[${this.code}]: ${this.message}` }
}
class NotFound extends AppError {
  constructor(what) { super(`${what} not found`, 404) }
}
function find(what) { throw new NotFound(what) }
const out = []
try { find('user') }
catch (e) {
  out.push(e instanceof NotFound, e instanceof AppError, e instanceof Error, e.describe(), Object.prototype.toString.call(e))
  out.push(typeof e.stack === 'string', e.stack.split('\n')[0])
}
const agg = new AggregateError([new NotFound('a')], 'many')
out.push(agg.errors[0].code, agg.message)
const withCause = new AppError('outer', 1)
out.push(new Error('wrap', { cause: withCause }).cause === withCause)
console.log(JSON.stringify(out))
