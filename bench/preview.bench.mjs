// Value previews: what one `previewValue` costs (the values and state recorders call it for up to 64
// calls per function per second at levels `values` and `full`), against JSON.stringify of the same
// value measured in the same process: a yardstick that runs getters and has no caps, for scale only.
import { createServer } from 'node:http'
import { types } from 'node:util'
import { previewValue } from '@execscope/runtime'

const log = msg => process.stderr.write(`[preview] ${msg}\n`)
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
// The values recorder's caps (install-values.ts DEFAULT_LIMITS) and Node's Proxy check.
const LIMITS = { maxDepth: 2, maxKeys: 16, maxStringLength: 256, maxBytes: 1024, isProxy: types.isProxy }
const ROUNDS = 9

class Order {
  constructor(id) {
    this.id = id
    this.customer = { name: `customer ${id}`, email: `c${id}@example.com` }
    this.lines = [{ sku: 'A-1', qty: 2 }, { sku: 'B-7', qty: 1 }]
    this.total = 42.5
    this.status = 'open'
  }
}

/** A request and its response from a real node:http exchange: what a server's handler is given. */
async function httpPair() {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      res.end('ok')
      server.close()
      resolve([req, res])
    })
    server.listen(0, '127.0.0.1', () => fetch(`http://127.0.0.1:${server.address().port}/items?id=7`).then(r => r.text()))
  })
}

const [req, res] = await httpPair()
const inputs = [
  ['number', 42],
  ['string of 100 characters', 'lorem ipsum '.repeat(9).slice(0, 100)],
  ['plain object, 3 keys', { id: 7, name: 'ada', active: true }],
  ['array of 10 numbers', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
  ['class instance, nested', new Order(7)],
  ['Map of 3 entries', new Map([['a', 1], ['b', 2], ['c', 3]])],
  ['Error', new Error('not found')],
  ['node:http request (IncomingMessage)', req],
  ['node:http response (ServerResponse)', res],
]

/** ns per call of `fn(value)`, best of a few rounds of `n` calls after a warm-up. */
function timePerCall(fn, value, n) {
  for (let i = 0; i < n; i++) fn(value)
  const rounds = []
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now()
    for (let i = 0; i < n; i++) fn(value)
    rounds.push(((performance.now() - t0) * 1e6) / n)
  }
  return median(rounds)
}

// Every kind once before timing any, so the preview code is as polymorphic as in an app.
for (let i = 0; i < 200; i++) for (const [, v] of inputs) previewValue(v, LIMITS)
const safeStringify = (v) => {
  try {
    return JSON.stringify(v)
  }
  catch {
    return undefined
  }
}

const rows = []
for (const [name, value] of inputs) {
  const n = name.startsWith('node:http') ? 2000 : 20000
  const preview = timePerCall(v => previewValue(v, LIMITS), value, n)
  const json = safeStringify(value) === undefined ? undefined : timePerCall(safeStringify, value, n)
  rows.push({ name, preview, json, bytes: Buffer.byteLength(previewValue(value, LIMITS)) })
  log(`${name}: ${preview.toFixed(0)} ns`)
}

const f = x => (x === undefined ? '–' : x >= 1000 ? `${(x / 1000).toFixed(1)} µs` : `${x.toFixed(0)} ns`)
const lines = [
  '## Value previews: one `previewValue` call',
  '',
  `\`previewValue\` from the built \`@execscope/runtime\` with the values recorder's caps (depth ${LIMITS.maxDepth}, ${LIMITS.maxKeys} keys, ${LIMITS.maxStringLength} characters, ${LIMITS.maxBytes} bytes) and Node's Proxy check, warm, after every kind was previewed once (so the code is as polymorphic as in an app); median of ${ROUNDS} rounds. For scale, \`JSON.stringify\` of the same value in the same process (no caps; it runs getters and \`toJSON\`, which a preview never does; "–" where it throws on a cycle). At levels \`values\` and \`full\` a function's arguments and return value are previewed for up to 64 of its calls a second; the store leaves that time out of the call's self time.`,
  '',
  '| value | preview | bytes | JSON.stringify | × JSON.stringify |',
  '|---|---:|---:|---:|---:|',
]
for (const r of rows) lines.push(`| ${r.name} | ${f(r.preview)} | ${r.bytes} | ${f(r.json)} | ${r.json === undefined ? '–' : (r.preview / r.json).toFixed(1)} |`)
process.stdout.write(`${lines.join('\n')}\n`)
