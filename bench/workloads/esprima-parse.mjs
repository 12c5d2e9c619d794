// esprima tokenizes and parses a generated script of ~200 KB.
import esprima from 'esprima'
import { random, report, ROUNDS } from './shared.mjs'

const next = random(2)
const parts = []
for (let i = 0; i < 1200; i++)
  parts.push(`function g${i}(x, y) { var z = x * ${Math.floor(next() * 100)} + y; if (z > 10) { return [z, 'str${i}', { a: z }] } while (z < 5) { z++ } return z }`)
const source = parts.join('\n')
const results = []
for (let r = 0; r < 3 * ROUNDS; r++) {
  const ast = esprima.parseScript(source, { range: true })
  const tokens = esprima.tokenize(source)
  results.push(ast.body.length, tokens.length)
}
report('esprima-parse', results)
