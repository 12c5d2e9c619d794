// acorn parses a generated JavaScript program of ~300 KB several times.
import { parse } from 'acorn'
import { random, report, ROUNDS } from './shared.mjs'

const next = random(1)
const parts = []
for (let i = 0; i < 1500; i++) {
  const n = Math.floor(next() * 1000)
  parts.push(`export function f${i}(a, b = ${n}) { const o = { k${i}: a + b, s: \`v\${a}\` }; for (let j = 0; j < b; j++) { if (j % 3 === 0) o.k${i} += j; else o.s += String(j) } return [o, (x) => x * ${n}, class C${i} { m() { return ${n} } }] }`)
}
const source = parts.join('\n')
const results = []
for (let r = 0; r < 4 * ROUNDS; r++) {
  const ast = parse(source, { ecmaVersion: 'latest', sourceType: 'module', locations: true })
  results.push(ast.body.length, ast.end)
}
report('acorn-parse', results)
