import { parse } from 'acorn'
import type { Options } from 'acorn'
import { describe, expect, it } from 'vitest'
import { parseModule } from './parse-module.ts'

/** The decision as it was made before the CommonJS shortcut: module parse first, then script. */
function reference(code: string, id: string): string {
  const attempt = (sourceType: 'module' | 'script'): { ast?: { body: { type: string }[] }, pos?: number, at?: string } => {
    const options: Options = { ecmaVersion: 'latest', sourceType, allowHashBang: true, preserveParens: true, allowReturnOutsideFunction: sourceType === 'script' }
    try {
      return { ast: parse(code, options) as unknown as { body: { type: string }[] } }
    }
    catch (error) {
      const { pos, loc, message } = error as SyntaxError & { pos: number, loc: { line: number, column: number } }
      return { pos, at: `${loc.line}:${loc.column + 1} ${message.replace(/\s*\(\d+:\d+\)$/, '')}` }
    }
  }
  const order = id.endsWith('.cjs') ? ['script', 'module'] as const : ['module', 'script'] as const
  let furthest: { pos?: number, at?: string } | undefined
  for (const type of order) {
    const result = attempt(type)
    if (result.ast) {
      const hasModuleSyntax = result.ast.body.some(statement => /^(?:Import|Export\w+)Declaration$/.test(statement.type))
      if (type === 'module' && !hasModuleSyntax && /\b(?:require|module|exports|__dirname|__filename)\b/.test(code) && attempt('script').ast) return 'script'
      return type
    }
    if (!furthest || (result.pos ?? 0) > (furthest.pos ?? 0)) furthest = result
  }
  return `error at ${furthest!.at}`
}

function decision(code: string, id: string): string {
  const outcome = parseModule(code, id, 'auto', false)
  return outcome.ok ? outcome.parsed.sourceType : `error at ${/:(\d+:\d+) \((.*)\); left it/.exec(outcome.message)!.slice(1).join(' ')}`
}

const CASES = [
  'module.exports = function f() {}',
  'const x = require("x")\nreturn x',
  'with (o) { exports.a = 1 }',
  'var await = 1; module.exports = await',
  'await Promise.resolve(1); module.exports = 1',
  'let yield = 0; exports.y = yield',
  'module.exports = 1; await (',
  'exports.a = 1; function f() { return 1 +',
  '"use strict"; exports.a = 010',
  '<!-- html comment\nmodule.exports = 1',
  'const importer = require("x"); module.exports = importer',
  'export const a = require("x")',
  'import x from "x"; module.exports = x',
  'const s = "import"; module.exports = s',
  'function f() {}',
  'function f() {} x = 1 +',
  'var freeExports = typeof exports == "object" && exports; module.exports = { important: 1 }',
  'module.exports = () => import("x")',
  'module.exports = 1; im\\u0070ort x from "y"',
]

describe('parseModule', () => {
  it('decides between module and script as the module-first order did', () => {
    expect(CASES.map(code => reference(code, 'src/a.js')).filter(d => d.startsWith('error'))).toMatchInlineSnapshot(`
      [
        "error at 1:28 Unexpected token",
        "error at 1:41 Unexpected token",
        "error at 1:27 Invalid number",
        "error at 1:24 Unexpected token",
        "error at 1:21 Escape sequence in keyword import",
      ]
    `)
    for (const code of CASES) {
      for (const id of ['src/a.js', 'src/a.cjs']) {
        expect(decision(code, id), `${id}: ${code}`).toBe(reference(code, id))
      }
    }
  })
})
