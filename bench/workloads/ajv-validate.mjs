// ajv: compile a JSON schema and validate generated documents (valid and invalid).
import Ajv from 'ajv'
import { random, report, ROUNDS, words } from './shared.mjs'

const schema = {
  type: 'object',
  required: ['id', 'name', 'tags', 'address'],
  properties: {
    id: { type: 'integer', minimum: 0 },
    name: { type: 'string', minLength: 3, maxLength: 60 },
    email: { type: 'string', pattern: '^[a-z]+@[a-z]+\\.[a-z]{2,}$' },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 8, uniqueItems: true },
    address: { type: 'object', required: ['city'], properties: { city: { type: 'string' }, zip: { type: 'string', pattern: '^[0-9]{5}$' } } },
  },
  additionalProperties: false,
}
const next = random(7)
const docs = Array.from({ length: 20000 }, (_, i) => ({
  id: i % 97 === 0 ? -1 : i,
  name: words(next, 1 + (i % 3)),
  ...(i % 5 === 0 ? { email: i % 10 === 0 ? 'bad' : 'user@example.org' } : {}),
  tags: Array.from({ length: i % 6 }, (_, j) => `t${(i + j) % 5}`),
  address: { city: words(next, 1), ...(i % 4 === 0 ? { zip: String(10000 + (i % 90000)) } : {}) },
}))
const results = []
for (let r = 0; r < ROUNDS; r++) {
  const ajv = new Ajv({ allErrors: true })
  const validate = ajv.compile(schema)
  let valid = 0
  const errors = {}
  for (const doc of docs) {
    if (validate(doc)) valid++
    else for (const e of validate.errors) errors[e.keyword] = (errors[e.keyword] ?? 0) + 1
  }
  results.push(valid, errors)
}
report('ajv-validate', results)
