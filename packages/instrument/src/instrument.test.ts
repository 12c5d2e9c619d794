import { siteIdOf } from '@execscope/core'
import type { InstrumentPlan, PlannedFunction } from '@execscope/core'
import { parse } from 'acorn'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { instrument } from './instrument.ts'

function warningsOf(code: string, id = 'src/a.js'): { result: unknown, warnings: string[] } {
  const warnings: string[] = []
  const result = instrument(code, id, undefined, { onWarning: message => warnings.push(message) })
  return { result, warnings }
}

describe('instrument', () => {
  it('picks a prefix that the source does not contain', () => {
    const result = instrument('const __es0t = 1\nexport function f() { return __es0t }', 'src/a.js')!
    expect(result.code).toContain('const __es1t=__es1e(')
    expect(result.code).toContain('import{e as __es1e,')
    expect(result.code).not.toMatch(/__es0(?!t[^\w$])/)
    const twice = instrument('// __es0 __es1 __es3\nfunction f() {}', 'src/b.js')!
    expect(twice.code).toContain('__es2e(')
  })

  it('returns null and warns once, located, on a parse error', () => {
    const { result, warnings } = warningsOf('function f() {\n  return 1 +\n}\n')
    expect(result).toBeNull()
    expect(warnings).toMatchInlineSnapshot(`
      [
        "[execscope] Could not parse src/a.js:3:1 (Unexpected token); left it uninstrumented.",
      ]
    `)
  })

  it('says when the module still contains TypeScript or JSX', () => {
    const ts = warningsOf('export function f(a: number) { return a }', 'src/a.js').warnings
    expect(ts).toMatchInlineSnapshot(`
      [
        "[execscope] Could not parse src/a.js:1:20 (Unexpected token); left it uninstrumented. It still contains TypeScript/JSX syntax; execscope must run after the TS/JSX transform (enforce: 'post').",
      ]
    `)
    expect(warningsOf('interface Props { a: string }\nfunction f() {}').warnings[0]).toContain('TypeScript/JSX')
    expect(warningsOf('export const App = () => <div className="x">hi</div>').warnings[0]).toContain('TypeScript/JSX')
    expect(warningsOf('function f() {}', 'src/a.tsx?v=1').warnings).toEqual([])
    // A host that is not a bundler plugin says what to do instead (execscope/jest, register).
    const warnings: string[] = []
    instrument('export function f(a: number) { return a }', 'src/a.ts', undefined, { onWarning: message => warnings.push(message), typeScriptHint: 'name the transformer that compiles it.' })
    expect(warnings).toEqual(['[execscope] Could not parse src/a.ts:1:20 (Unexpected token); left it uninstrumented. It still contains TypeScript/JSX syntax; name the transformer that compiles it.'])
  })

  it('leaves functions the plan turns off untouched, and returns null when all are off', () => {
    const code = 'function keep() { return 1 }\nfunction skip() { return 2 }\n'
    const seen: PlannedFunction[] = []
    const plan: InstrumentPlan = { levelFor: (fn) => { seen.push(fn); return fn.name === 'skip' ? 'off' : 'count' } }
    const result = instrument(code, 'src/p.js', plan)!
    expect(result.code).toContain('function skip() { return 2 }')
    expect(result.code).not.toContain('function keep() { return 1 }')
    expect(result.sites.map(site => site.name)).toEqual(['keep'])
    expect(seen).toEqual([
      { key: 'src/p.js#keep#0', name: 'keep', file: 'src/p.js', line: 1, column: 1 },
      { key: 'src/p.js#skip#0', name: 'skip', file: 'src/p.js', line: 2, column: 1 },
    ])
    expect(instrument(code, 'src/p.js', { levelFor: () => 'off' })).toBeNull()
  })

  it('at level `count`, only counts a call where the body starts: no try, no exit, no suspension', () => {
    const code = [
      'function add(a, b = 2) { return a + b }',
      'function self() { "use strict"; return this }',
      'const pair = (x) => ({ x })',
      'class Box { size = add(1); static { Box.made = 0 } constructor() { Box.made++ } *items() { yield this.size } }',
      'async function later(v) { return await v }',
      'const box = new Box()',
      'result = [add(1), add(1, 1), pair(3).x, box.size, Box.made, [...box.items()], typeof later(1).then, self()]',
    ].join('\n')
    const instrumented = instrument(code, 'src/c.js', { levelFor: () => 'count' }, { sourceType: 'script' })!
    expect(instrumented.code).toMatch(/function add\(a, b = 2\) \{__es0k\(\d+\); return a \+ b \}/)
    expect(instrumented.code).toContain('function self() { "use strict";__es0k(')
    expect(instrumented.code).toMatch(/const pair = \(x\) =>\(__es0k\(\d+\), \(\{ x \}\)\)/)
    expect(instrumented.code).toMatch(/size = \(__es0k\(\d+\),add\(1\)\)/)
    expect(instrumented.code).not.toMatch(/__es0[erxasu]\(|try\{/)
    expect(instrument(instrumented.code, 'src/c.js', { levelFor: () => 'count' })).toBeNull()
    expect(() => parse(instrumented.code, { ecmaVersion: 'latest' })).not.toThrow()
    // Runs as before, with one count per call that started its body.
    const counts = new Map<number, number>()
    const k = (site: number): void => void counts.set(site, (counts.get(site) ?? 0) + 1)
    const fail = (): never => { throw new Error('only k may be called at level count') }
    const raw = { result: undefined as unknown }
    runInNewContext(code, raw)
    const counted = { result: undefined as unknown, __execscope: { e: fail, r: fail, x: fail, a: fail, s: fail, u: fail, k } }
    runInNewContext(instrumented.code, counted)
    expect(JSON.stringify(counted.result)).toBe(JSON.stringify(raw.result))
    const byName = Object.fromEntries(instrumented.sites.map(site => [site.name, counts.get(site.siteId) ?? 0]))
    expect(byName).toEqual({ 'add': 3, 'self': 1, 'pair': 1, 'Box.size': 1, 'Box.<static>': 1, 'Box.constructor': 1, 'Box.items': 1, 'later': 1 })
  })

  it('leaves out the function after an `execscope ignore next` comment, with the functions inside it, so its source still runs elsewhere', () => {
    const code = [
      'export async function title(page) {',
      '  return page.evaluate(/* execscope ignore next */ () => { const pick = (n) => n.textContent; return pick(document.title) })',
      '}',
      '// execscope ignore next: parsed by a DI container',
      'export function Service(http, store) { return [http, store] }',
      'export function after(a) { return a + 1 }',
      '',
    ].join('\n')
    const result = instrument(code, 'src/e2e.js')!
    expect(result.sites.map(site => site.name)).toEqual(['title', 'after'])
    const evaluated = '() => { const pick = (n) => n.textContent; return pick(document.title) }'
    expect(result.code).toContain(evaluated)
    expect(result.code).toContain('export function Service(http, store) { return [http, store] }')
    expect(result.code).not.toContain('export function after(a) { return a + 1 }')
    // The ids of the others are those they get without the pragmas.
    const plain = instrument(code.replaceAll('execscope ignore next', 'a note'), 'src/e2e.js')!
    expect(result.sites).toEqual(plain.sites.filter(site => site.name === 'title' || site.name === 'after'))
    // The function's text, as page.evaluate sends it, runs where no runtime exists.
    const run = new Function('document', `return (${evaluated})()`)
    expect(run({ title: { textContent: 'hello' } })).toBe('hello')
  })

  it('names functions and classes by the original names it is given for renamed identifiers, and keeps property names', () => {
    const code = 'var a=class{m(){return 1}};function b(){return new a().m()}\nvar c={d:function(){}};'
    const original: Record<string, string> = { '1:4': 'Cart', '1:36': 'total', '2:4': 'api' }
    const result = instrument(code, 'dist/app.js', undefined, { originalName: (line, column) => original[`${line}:${column}`] })!
    expect(result.sites.map(site => site.name)).toEqual(['Cart.m', 'total', 'api.d'])
    expect(instrument(code, 'dist/app.js')!.sites.map(site => site.name)).toEqual(['a.m', 'b', 'c.d'])
  })

  it('leaves a module with an `execscope ignore file` comment untouched', () => {
    expect(instrument('/* execscope ignore file: generated */\nexport function f() { return 1 }', 'src/gen.js')).toBeNull()
    expect(instrument('/** Some text that mentions execscope ignore file in passing. */\nexport function f() {}', 'src/doc.js')).not.toBeNull()
  })

  it('keeps site ids stable across unrelated edits and repeated runs', () => {
    const before = 'export function target() { return [1].map(x => x) }\n'
    const after = `import { z } from './z.js'\nconst unrelated = 1\n\n${before}`
    const a = instrument(before, 'src/s.js')!.sites
    const b = instrument(after, 'src/s.js')!.sites
    expect(b.map(site => [site.siteId, site.key])).toEqual(a.map(site => [site.siteId, site.key]))
    expect(b.map(site => site.line)).toEqual([4, 4])
    expect(instrument(before, 'src/s.js')!.code).toBe(instrument(before, 'src/s.js')!.code)
    expect(a[0]!.siteId).toBe(siteIdOf('src/s.js#target#0'))
  })

  it('numbers functions that share a name with ordinals, not positions', () => {
    const code = 'const a = [() => 1, () => 2]\nfunction f() {}\nclass C { f() {} }\n{ function f() {} }'
    const sites = instrument(code, 'src/o.js')!.sites
    expect(sites.map(site => `${site.name} ${site.key}`)).toMatchInlineSnapshot(`
      [
        "<arrow@1:12> src/o.js#<arrow>#0",
        "<arrow@1:21> src/o.js#<arrow>#1",
        "f src/o.js#f#0",
        "C.f src/o.js#C.f#0",
        "f src/o.js#f#1",
      ]
    `)
    expect(new Set(sites.map(site => site.siteId)).size).toBe(sites.length)
  })

  it('names callbacks after the call they are given to when its first argument is a string', () => {
    const code = [
      'describe("Inventory", () => {',
      '  it(`adds an item`, async function () { app.get("/users/:id", (req, res) => res.end()) })',
      '  it("adds an item", () => {})',
      '  test.each(rows)("row %s", () => {})',
      '  const named = on("x", () => {})',
      '  queue.push("a", 1, () => {})',
      '})',
    ].join('\n')
    const sites = instrument(code, 'test/i.test.js')!.sites
    expect(sites.map(site => `${site.name} ${site.key}`)).toMatchInlineSnapshot(`
      [
        "describe("Inventory") test/i.test.js#describe("Inventory")#0",
        "describe("Inventory").it("adds an item") test/i.test.js#describe("Inventory").it("adds an item")#0",
        "describe("Inventory").it("adds an item").app.get("/users/:id") test/i.test.js#describe("Inventory").it("adds an item").app.get("/users/:id")#0",
        "describe("Inventory").it("adds an item") test/i.test.js#describe("Inventory").it("adds an item")#1",
        "describe("Inventory").<arrow@4:29> test/i.test.js#describe("Inventory").<arrow>#0",
        "describe("Inventory").on("x") test/i.test.js#describe("Inventory").on("x")#0",
        "describe("Inventory").queue.push("a") test/i.test.js#describe("Inventory").queue.push("a")#0",
      ]
    `)
  })

  it('names callbacks after an imported function as CommonJS output calls it: (0, module.fn)(…)', () => {
    // What TypeScript, Babel and esbuild make of `import { describe, it } from '@jest/globals'`.
    const code = [
      '(0, globals_1.describe)("List", () => {',
      '  (0, _globals.it)("grows", () => {});',
      '  (0, import_vitest.test)("esbuild", () => {});',
      '  (0, exports_1)("plain", () => {});',
      '  (1, globals_1.it)("not the idiom", () => {});',
      '})',
    ].join('\n')
    expect(instrument(code, 'test/l.test.js', undefined, { sourceType: 'script' })!.sites.map(site => site.name)).toMatchInlineSnapshot(`
      [
        "describe("List")",
        "describe("List").it("grows")",
        "describe("List").test("esbuild")",
        "describe("List").exports_1("plain")",
        "describe("List").<arrow@5:38>",
      ]
    `)
  })

  it('reaches a fixed point for modules and scripts', () => {
    for (const [code, sourceType] of [['export const f = () => 1', 'module'], ['var f = function () { with (o) {} }', 'script']] as const) {
      const once = instrument(code, 'src/f.js', undefined, { sourceType })!
      expect(once.code.startsWith('/* @execscope-instrumented */')).toBe(true)
      expect(instrument(once.code, 'src/f.js', undefined, { sourceType })).toBeNull()
    }
  })

  it('does not mistake the marker inside a string for an instrumented module', () => {
    const result = instrument('export const marker = "/* @execscope-instrumented */"\nexport function f() {}', 'src/m.js')
    expect(result?.sites).toHaveLength(1)
  })

  it('binds the runtime from globalThis in CommonJS and classic scripts, never with eval', () => {
    const cjs = instrument('module.exports = function () { return require("x") }', 'lib/x.js')!
    expect(cjs.code).toMatch(/^\/\* @execscope-instrumented \*\/var __es0g=globalThis\.__execscope\|\|\{\},__es0n=function\(s,t,v\)\{return v\},__es0e=__es0g\.e\|\|__es0n,/)
    expect(cjs.code).not.toMatch(/\beval\b|new Function/)
    // Both classic scripts on one page may declare the same `var`s: still valid together.
    expect(() => parse(`${cjs.code}\n${cjs.code}`, { ecmaVersion: 'latest', sourceType: 'script' })).not.toThrow()
    const esm = instrument('export function f() {}', 'src/e.js', undefined, { runtimeSpecifier: '/@id/execscope:runtime' })!
    expect(esm.code).toContain('from"/@id/execscope:runtime";')
  })

  it('with realmRuntime, a CommonJS module without globalThis.__execscope takes the runtime from require("node:module"), and stays a fixed point', () => {
    const source = 'module.exports = function double(n) { return n * 2 }'
    expect(instrument(source, 'lib/d.js', undefined, { sourceType: 'script' })!.code).not.toContain('require(')
    const cjs = instrument(source, 'lib/d.js', undefined, { sourceType: 'script', realmRuntime: true })!
    expect(cjs.code).toMatch(/^\/\* @execscope-instrumented \*\/var __es0g=globalThis\.__execscope\|\|typeof require=="function"&&require\("node:module"\)\[Symbol\.for\("execscope\.runtime"\)\]\|\|\{\},/)
    expect(cjs.code).not.toMatch(/\beval\b|new Function/)
    expect(cjs.code.split('\n')).toHaveLength(1)
    expect(instrument(cjs.code, 'lib/d.js', undefined, { sourceType: 'script', realmRuntime: true })).toBeNull()
    // Run in a realm of its own, as Jest runs a module: the runtime is found through `require`, or
    // on globalThis first; with neither (or no `require`), the no-ops.
    const calls: string[] = []
    const runtime = { e: (site: number) => (calls.push(`e${site}`), 1), r: () => calls.push('r') }
    const load = (global: Record<string, unknown>, shared: Record<symbol, unknown> | undefined): unknown => {
      const module = { exports: {} as unknown }
      const require = shared && ((name: string) => name === 'node:module' ? shared : undefined)
      runInNewContext(`(function (module, require) {${cjs.code}\n})`, global)(module, require)
      return (module.exports as (n: number) => number)(21)
    }
    expect(load({}, { [Symbol.for('execscope.runtime')]: runtime })).toBe(42)
    expect(calls).toEqual([`e${cjs.sites[0]!.siteId}`, 'r'])
    expect(load({ __execscope: runtime }, {})).toBe(42)
    expect(calls).toHaveLength(4)
    expect(load({}, {})).toBe(42)
    expect(load({}, undefined)).toBe(42)
    expect(calls).toHaveLength(4)
  })

  it('keeps a hashbang on line 1 and directives first', () => {
    const result = instrument('#!/usr/bin/env node\n"use strict"\nfunction f() { "use strict"\n return 1 }', 'bin/cli.js')!
    expect(result.code.split('\n').slice(0, 2)).toEqual(['#!/usr/bin/env node', expect.stringMatching(/^"use strict";\/\* @execscope-instrumented \*\/import\{/)])
    expect(result.code).toContain('function f() { "use strict";const __es0t=')
  })

  it('skips sloppy direct eval and with bodies, and says nothing', () => {
    const { result, warnings } = warningsOf('function f(s) { return eval(s) }\nwith (o) { var g = () => 1 }')
    expect(result).toBeNull()
    expect(warnings).toEqual([])
  })

  it('keeps a `/* @__PURE__ */` annotation right before the call it marks, where bundlers read it', () => {
    // Rollup warns and drops an annotation that does not directly precede a call or `new`.
    const source = 'export function Card() { return /* @__PURE__ */ jsx("div", {}) }\nexport function Box() { return /*#__PURE__*/ new Map() }\n'
    for (const plan of [undefined, { levelFor: () => 'values' as const }]) {
      const out = instrument(source, '/src/card.js', plan)!.code
      expect(out).toMatch(/\(\s*\/\* @__PURE__ \*\/ jsx\("div", \{\}\)\)/)
      expect(out).toMatch(/\(\s*\/\*#__PURE__\*\/ new Map\(\)\)/)
    }
  })

  it('returns null when there is no function', () => {
    expect(instrument('export const x = 1', 'src/x.js')).toBeNull()
    expect(instrument('', 'src/empty.js')).toBeNull()
  })

  it('keeps the original line of every statement', () => {
    const code = 'export async function f(p) {\n  const a = await p\n  return () => a\n}\n'
    const result = instrument(code, 'src/l.js')!
    expect(result.code.split('\n')).toHaveLength(code.split('\n').length)
  })
})
