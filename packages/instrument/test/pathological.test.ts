import { parse } from 'acorn'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { instrument } from '../src/index.ts'

// Nothing may throw into the bundler: every input gives a result that parses, or null and one
// located warning.
function attempt(code: string, id = 'src/input.js'): { result: ReturnType<typeof instrument>, warnings: string[] } {
  const warnings: string[] = []
  const result = instrument(code, id, undefined, { onWarning: message => warnings.push(message) })
  return { result, warnings }
}

function parses(code: string): boolean {
  for (const sourceType of ['module', 'script'] as const) {
    try {
      parse(code, { ecmaVersion: 'latest', sourceType, allowHashBang: true, allowReturnOutsideFunction: sourceType === 'script' })
      return true
    }
    catch {}
  }
  return false
}

const nest = (open: string, inner: string, close: string, depth: number): string => open.repeat(depth) + inner + close.repeat(depth)

describe('pathological input', () => {
  const deep: Record<string, string> = {
    'arrays': `export const f = () => ${nest('[', '', ']', 10_000)}`,
    'parentheses': `export const f = () => ${nest('(', '1', ')', 10_000)}`,
    'objects': `export const f = () => ${nest('({a:', '1', '})', 10_000)}`,
    'blocks': `function f() ${nest('{', '', '}', 10_000)}`,
    'functions': nest('function f() {', '', '}', 10_000),
    'arrows': `export const f = ${'x => '.repeat(10_000)}x`,
    'async arrows': `export const f = ${'async x => '.repeat(10_000)}await x`,
    'ternaries': `export const f = x => ${'x ? 1 : '.repeat(10_000)}0`,
    'unary operators': `export const f = x => ${'!'.repeat(10_000)}x`,
    'binary chain': `export function f(x) { return ${Array.from({ length: 100_000 }, () => 'x').join(' + ')} }`,
    'templates': `export const f = () => ${nest('`${', '1', '}`', 5_000)}`,
    'calls': `export const f = g => ${'g('.repeat(10_000)}${')'.repeat(10_000)}`,
  }
  for (const [name, code] of Object.entries(deep)) {
    it(`does not throw on 10k-deep ${name}`, () => {
      const { result, warnings } = attempt(code)
      if (result === null) {
        expect(warnings).toHaveLength(1)
        expect(warnings[0]).toMatch(/^\[execscope\] Could not (?:parse src\/input\.js:\d+:\d+ \(|instrument src\/input\.js \()/)
      }
      else {
        expect(warnings).toEqual([])
        expect(parses(result.code)).toBe(true)
      }
    })
  }

  it('instruments nesting that the parser accepts', () => {
    const { result, warnings } = attempt(nest('function f() {', 'return 1', '}', 500))
    expect(warnings).toEqual([])
    expect(result!.sites).toHaveLength(500)
    expect(parses(result!.code)).toBe(true)
    expect(instrument(result!.code, 'src/input.js')).toBeNull()
  })

  it('instruments a 3 MB file', () => {
    const chunks = Array.from({ length: 300 }, (_, m) => `(function module${m}() {\n${
      Array.from({ length: 100 }, (_, i) => `  function f${i}(a, b = ${i}) { const s = 'x${i}'; return a ? [a, b, s].map(v => v + 1) : class { m() { return ${i} } } }`).join('\n')
    }\n})()`)
    const code = `const blob = ${JSON.stringify('x'.repeat(200_000))}\n${chunks.join('\n')}\n`
    expect(code.length).toBeGreaterThan(3_000_000)
    const { result, warnings } = attempt(code)
    expect(warnings).toEqual([])
    expect(result!.sites).toHaveLength(300 * (1 + 100 * 3))
    expect(result!.code.split('\n')).toHaveLength(code.split('\n').length)
  })

  const odd: Record<string, string> = {
    'empty': '',
    'a hashbang only': '#!/usr/bin/env node',
    'comments only': '// a\n/* b */',
    'a byte-order mark': '\uFEFFfunction f() {}',
    'line separators': 'function f() {\u2028return 1\u2029}',
    'CRLF': 'function f() {\r\n  return 1\r\n}\r\n',
    'NUL and lone surrogates': 'const s = "\0\uD800"; function f() { return s }',
    'an unterminated string': 'function f() { return "abc }',
    'an unterminated template': 'function f() { return `abc${ }',
    'an unterminated comment': 'function f() { /* ',
    'an unterminated regex': 'function f() { return /abc }',
    'an unclosed function': 'function f() {',
    'binary garbage': String.fromCharCode(...Array.from({ length: 512 }, (_, i) => (i * 7919) % 256)),
  }
  for (const [name, code] of Object.entries(odd)) {
    it(`does not throw on ${name}`, () => {
      const { result, warnings } = attempt(code)
      if (result === null) expect(warnings.every(w => /^\[execscope\] Could not parse src\/input\.js:\d+:\d+ \(/.test(w))).toBe(true)
      else expect(parses(result.code)).toBe(true)
    })
  }

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('src/a.js', 'src/a.cjs', 'src/a.mjs', 'src/a.ts'), (code, id) => {
      const { result, warnings } = attempt(code, id)
      if (result === null) return warnings.length <= 1
      return parses(result.code)
    }), { numRuns: 300 })
  })
})
