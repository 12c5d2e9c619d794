import type { InstrumentPlan, PlannedFunction, SiteRow } from '@execscope/core'
import { encode } from '@jridgewell/sourcemap-codec'
import { instrument } from '@execscope/instrument'
import MagicString from 'magic-string'
import { transformWithOxc } from 'vite'
import { describe, expect, it } from 'vitest'
import { loaderOutputSource, mapSitesToSource, originalNames, sourceOnlyPlan, userCodePlan } from './upstream-positions.ts'

const site: SiteRow = { siteId: 1, key: 'src/a.ts#<arrow>#0', kind: 'arrow', name: 'f.<arrow@2:11>', file: 'src/a.ts', line: 2, column: 11, isAsync: false, isGenerator: false }

describe('mapSitesToSource', () => {
  it('moves positions, including those inside names, back to the source the user wrote', () => {
    // Upstream transform: two lines were removed above the code (as type declarations are).
    const source = 'type A = 1\ntype B = 2\nconst x = 1\nconst f = () => x\n'
    const s = new MagicString(source)
    s.remove(0, source.indexOf('const x'))
    const map = s.generateMap({ source: 'src/a.ts', hires: true })
    const [mapped] = mapSitesToSource([site], { ...map, version: 3 } as never)
    expect(mapped).toMatchObject({ line: 4, column: 11, name: 'f.<arrow@4:11>' })
  })

  it('keeps sites as they are without an upstream map', () => {
    expect(mapSitesToSource([site], null)).toEqual([site])
  })
})

describe('sourceOnlyPlan', () => {
  const calls: InstrumentPlan = { levelFor: () => 'calls' }
  const at = (line: number, column: number): PlannedFunction => ({ key: `k${line}`, name: 'f', file: 'src/a.tsx', line, column })

  it('turns off the functions on lines a transform appended, such as React Refresh\'s footer', () => {
    const source = 'export function App() {\n  return 1\n}\n'
    const s = new MagicString(source)
    s.append('function $RefreshReg$(type, id) {\n  register(type, id)\n}\n')
    const map = { ...s.generateMap({ source: 'src/a.tsx', hires: true }), version: 3 } as never
    const plan = sourceOnlyPlan(calls, map)
    expect(plan.levelFor(at(1, 8))).toBe('calls')
    expect(plan.levelFor(at(4, 1))).toBe('off')
  })

  it('turns off a helper put in front of the first statement, on a line the source maps to further on', () => {
    const source = 'function f() {}\n'
    const s = new MagicString(source)
    s.prepend('var __name = (t, v) => t; ')
    const plan = sourceOnlyPlan(calls, { ...s.generateMap({ source: 'src/a.ts', hires: true }), version: 3 } as never)
    expect(plan.levelFor(at(1, 13))).toBe('off')
    expect(plan.levelFor(at(1, 27))).toBe('calls')
  })

  it('turns off a function the compiler wrote after the source\'s text, whose only mapping is the name before it (swc\'s Refresh signature)', () => {
    // `function App() {` then swc's `_s(App, "x", false, function () { return [useLocation] })`,
    // whose one segment maps `App` (column 3) to the name in the source (line 1, column 9).
    const source = 'function App() {\n  useLocation()\n}\n'
    const mappings = encode([[[0, 0, 0, 0], [9, 0, 0, 9]], [], [], [[3, 0, 0, 9]]])
    const plan = sourceOnlyPlan(calls, { version: 3, sources: ['src/a.jsx'], sourcesContent: [source], names: [], mappings } as never)
    expect(plan.levelFor(at(1, 1))).toBe('calls')
    expect(plan.levelFor(at(4, 21))).toBe('off')
  })

  it('keeps every function when the map has no mappings (a plugin before us left none)', () => {
    const plan = sourceOnlyPlan(calls, { version: 3, sources: ['src/a.tsx'], names: [], mappings: ';;;' } as never)
    expect(plan.levelFor(at(2, 1))).toBe('calls')
    expect(sourceOnlyPlan(calls, { version: 3, sources: [], names: [], mappings: '' } as never).levelFor(at(2, 1))).toBe('calls')
  })
})

describe('userCodePlan', () => {
  it('turns off the static block esbuild\'s keepNames (tsx) writes into each class, which its map places at the first line of the file', () => {
    // esbuild's output of `import x from 'y'\n\nexport class A {\n  m() { return 1 }\n}\n` with keepNames.
    const code = [
      'var __defProp = Object.defineProperty;',
      'var __name = (target, value) => __defProp(target, "name", { value, configurable: true });',
      'class A {',
      '  static {',
      '    __name(this, "A");',
      '  }',
      '  m() {',
      '    return 1;',
      '  }',
      '  static { init(this) }',
      '}',
      'export {',
      '  A',
      '};',
      '',
    ].join('\n')
    // As esbuild maps it: the class to line 3, `static` to line 1, column 0.
    const mappings = encode([[], [], [[0, 0, 2, 7], [6, 0, 2, 13]], [[2, 0, 0, 0]], [], [], [[2, 0, 3, 2]], [[4, 0, 3, 8]], [], [[2, 0, 5, 2]]])
    const map = { version: 3, sources: ['src/a.ts'], names: [], mappings } as never
    const levels = { levelFor: () => 'calls' } as InstrumentPlan
    const plan = userCodePlan(levels, code, map)
    const fn = (name: string, line: number, column: number): PlannedFunction => ({ key: name, name, file: 'src/a.ts', line, column })
    expect(plan.levelFor(fn('A.<static>', 4, 3))).toBe('off')
    expect(plan.levelFor(fn('A.m', 7, 3))).toBe('calls')
    // A static block of the user's stays.
    expect(plan.levelFor(fn('A.<static>', 10, 3))).toBe('calls')
    // Without a map too: an esbuild build with keepNames and no source map.
    expect(userCodePlan(levels, code, undefined).levelFor(fn('A.<static>', 4, 3))).toBe('off')
  })
})

describe('mapSitesToSource, a function before the first mapped column of its line', () => {
  it('takes the first mapping after it', () => {
    // A line and two spaces of indentation that a transform added, not mapped.
    const source = 'const f = () => 1\n'
    const s = new MagicString(source)
    s.prepend('"use strict"\n  ')
    const map = s.generateMap({ source: 'src/a.ts', hires: true })
    const first: SiteRow = { ...site, line: 2, column: 1, name: 'f' }
    expect(mapSitesToSource([first], { ...map, version: 3 } as never)[0]).toMatchObject({ line: 1, column: 1 })
  })
})

describe('mapSitesToSource, a function whose first token has no mapping', () => {
  // Segments only where esbuild puts them in `expect(() => x)`: at `expect` and at `x`, none at the
  // arrow's `(`. Generated line 3 is `expect(() => x)`, source line 3 is `  expect(() => x)`.
  const map = { version: 3, sources: ['src/a.test.ts'], names: [], mappings: ';;AAEE,aAAa' } as never
  const arrow: SiteRow = { ...site, line: 3, column: 8, name: 'it.<arrow@3:8>' }

  it('keeps its distance from the token before it, as in the output', () => {
    expect(mapSitesToSource([arrow], map)[0]).toMatchObject({ line: 3, column: 10, name: 'it.<arrow@3:10>' })
  })

  it('stops at the next token when the compiler removed text between (a type annotation)', () => {
    // The same output from a source whose `x` is at column 9: the `(`, 7 columns after `expect` in
    // the output, would come after it.
    const closer = { version: 3, sources: ['src/a.test.ts'], names: [], mappings: ';;AAEE,aAAM' } as never
    expect(mapSitesToSource([arrow], closer)[0]).toMatchObject({ line: 3, column: 9 })
  })
})

/** The sites of `code`, compiled by a toolchain that left `map`, placed and named as in the source. */
function sitesIn(code: string, map: unknown): Array<Pick<SiteRow, 'name' | 'line' | 'column'>> {
  const result = instrument(code, 'src/a.ts', { levelFor: () => 'calls' }, { originalName: originalNames(map as never) })!
  return mapSitesToSource(result.sites, map as never).map(({ name, line, column }) => ({ name, line, column }))
}

describe('mapSitesToSource, through oxc (Vite 8), which maps no arrow\'s `(`', () => {
  const through = async (source: string) => {
    const { code, map } = await transformWithOxc(source, 'src/a.ts', { sourcemap: true })
    return sitesIn(code, map)
  }

  it('places an arrow on its own line, not on the line of the call it was joined to', async () => {
    expect(await through('export function twice(xs: number[]) {\n  return xs.map(\n    (x) => x * 2\n  )\n}\n')).toEqual([
      { name: 'twice', line: 1, column: 8 },
      { name: 'twice.<arrow@3:5>', line: 3, column: 5 },
    ])
  })

  it('places an arrow after the type annotation of its variable, not inside it', async () => {
    expect(await through('export const typed: (n: number) => number = (n) => n + 1\n')).toEqual([{ name: 'typed', line: 1, column: 45 }])
  })

  it('keeps an arrow\'s return type and type parameters, and a lone parameter oxc put in parentheses, at their place', async () => {
    const source = 'const a = (): void => {}\nconst b = <T,>(x: T): T => x\nnew Promise<void>(resolve => resolve())\nconst c = (\n  n: number,\n) => n\n'
    expect(await through(source)).toEqual([
      { name: 'a', line: 1, column: 11 },
      { name: 'b', line: 2, column: 11 },
      { name: '<arrow@3:19>', line: 3, column: 19 },
      { name: 'c', line: 4, column: 11 },
    ])
  })
})

describe('mapSitesToSource, a segment at the function that points past its start', () => {
  it('places `export function` at its `function`, which esbuild maps the `export` in front to', () => {
    // esbuild: `export function f(a) {` maps column 0 to the source's `function` and 16 to `f`.
    const map = { version: 3, sources: ['src/a.ts'], names: [], mappings: 'AAAO,gBAAS' }
    expect(sitesIn('export function f(a) {}\n', map)).toEqual([{ name: 'f', line: 1, column: 8 }])
  })

  it('places a component solid-refresh wrapped at its `function`, past segments that point further on', () => {
    // solid-refresh (Solid's dev server): `function App() {` became the line below, the wrapper's
    // call mapped to the `(` after `App`, the renamed `App2` to `App`.
    const map = { version: 3, sources: ['src/App.tsx'], names: ['App'], mappings: 'kCAAY,gBAAHA,OAAM' }
    const code = 'var App = _$$component(_REGISTRY, "App", function App2() {});\n'
    expect(sitesIn(code, map)).toContainEqual({ name: 'App', line: 1, column: 1 })
  })

  it('places an arrow babel printed as `count =>` at the `(` of `(count) =>`', () => {
    // babel: `const one = count => count + 1;` from `const one = (count) => count + 1`, its
    // parameter mapped (with its name) and the arrow not.
    const map = { version: 3, sources: ['src/a.ts'], names: ['one', 'count'], mappings: 'AAAA,MAAMA,GAAG,GAAIC,KAAK,IAAIA' }
    expect(sitesIn('const one = count => count + 1;\n', map)).toEqual([{ name: 'one', line: 1, column: 13 }])
  })
})

describe('loaderOutputSource', () => {
  const mapOf = (...sources: string[]): never => ({ version: 3, sources, names: [], mappings: '' }) as never

  it('names the loader whose output a map describes instead of the file (ts-loader after vue-loader)', () => {
    expect(loaderOutputSource(mapOf('/app/node_modules/vue-loader/dist/index.js??ruleSet[1].rules[6].use[0]!/app/src/App.vue?vue&type=script&setup=true&lang=ts', '/app/src/App.vue'))).toBe('vue-loader')
    expect(loaderOutputSource(mapOf('C:\\app\\node_modules\\@scope\\my-loader\\index.js!C:\\app\\src\\a.ts'))).toBe('my-loader')
  })

  it('says nothing of maps of the files themselves', () => {
    expect(loaderOutputSource(mapOf('/app/src/App.vue', 'webpack://app/./src/main.tsx'))).toBeUndefined()
    expect(loaderOutputSource(mapOf('/app/src/weird!name.ts'))).toBeUndefined()
    expect(loaderOutputSource(undefined)).toBeUndefined()
  })
})

// What Svelte 5.60's compiler makes of a component (`compile(source, { filename: 'Counter.svelte' })`).
const SVELTE_SOURCE = "<script>\n  let count = $state(0)\n  function add() { count += 1 }\n  load()\n  function load() { return 1 }\n</script>\n\n<button onclick={add}>{count}</button>\n"
const SVELTE_OUTPUT = "import 'svelte/internal/init-operations';\nimport 'svelte/internal/disclose-version';\nimport * as $ from 'svelte/internal/client';\n\nvar root = $.from_html(`<button> </button>`);\n\nexport default function Counter($$anchor) {\n\tlet count = $.state(0);\n\n\tfunction add() {\n\t\t$.set(count, $.get(count) + 1);\n\t}\n\n\tload();\n\n\tfunction load() {\n\t\treturn 1;\n\t}\n\n\tvar button = root();\n\tvar text = $.only_child(button, true);\n\n\t$.template_effect(() => $.set_text(text, $.get(count)));\n\t$.delegated('click', button, add);\n\t$.append($$anchor, button);\n}\n\n$.delegate(['click']);"
const SVELTE_MAP = { version: 3, sources: ['Counter.svelte'], sourcesContent: [SVELTE_SOURCE], names: [], mappings: ";;;;;;0CAAA,CAAC;CACC,GAAG,CAAC,KAAK,GAAG,OAAM,CAAC,CAAC,EAAC;;CACrB,SAAS,GAAG,GAAG,CAAC;EAAC,MAAA,KAAK,QAAL,KAAK,IAAI,CAAC,EAAA;CAAC,CAAC;;CAC7B,IAAI,EAAE,CAAA;;CACN,SAAS,IAAI,GAAG,CAAC;EAAC,MAAM,CAAC,CAAC,CAAA;CAAC,CAAC;;KAG7B,MAAM;yBAAN,MAAM;;gDAAgB,KAAK;sBAA3B,MAAM,EAAU,GAAG;oBAAnB,MAAM;AAFC,CAAC;;" }

describe('a Svelte component', () => {
  it('is recorded as the function Svelte wraps its <script> in, at the top of its file, with its functions at their lines', () => {
    const calls: InstrumentPlan = { levelFor: () => 'calls' }
    const result = instrument(SVELTE_OUTPUT, 'src/Counter.svelte', userCodePlan(calls, SVELTE_OUTPUT, SVELTE_MAP as never))!
    const sites = mapSitesToSource(result.sites, SVELTE_MAP as never)
    const place = (name: string): string | undefined => sites.filter(s => s.name === name).map(s => `${s.line}:${s.column}`)[0]
    expect({ Counter: place('Counter'), add: place('add'), load: place('load') }).toEqual({ Counter: '1:1', add: '3:3', load: '5:3' })
    // Unmapped functions of other modules stay out.
    expect(sourceOnlyPlan(calls, { ...SVELTE_MAP, sources: ['Counter.js'] } as never, SVELTE_OUTPUT).levelFor({ key: 'k', name: 'Counter', file: 'src/Counter.js', line: 7, column: 16 })).toBe('off')
  })
})
