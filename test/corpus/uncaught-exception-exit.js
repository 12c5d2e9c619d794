// corpus: may fail (an uncaught throw: exit code 1, the same error on stderr)
class ValidationError extends Error { constructor(field) { super(`invalid ${field}`); this.name = 'ValidationError'; this.field = field } }
function validate(input) { if (!input.name) throw new ValidationError('name') ; return input }
function handle(input) { return validate(input) }
console.log(JSON.stringify({ ok: handle({ name: 'x' }).name }))
handle({})
