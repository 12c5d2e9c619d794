import type { InstrumentPlan, PlannedFunction, SiteRow } from '@execscope/core'
import MagicString from 'magic-string'
import { describe, expect, it } from 'vitest'
import { mapSitesToSource, sourceOnlyPlan } from './upstream-positions.ts'

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

  it('keeps every function when the map has no mappings (a plugin before us left none)', () => {
    const plan = sourceOnlyPlan(calls, { version: 3, sources: ['src/a.tsx'], names: [], mappings: ';;;' } as never)
    expect(plan.levelFor(at(2, 1))).toBe('calls')
    expect(sourceOnlyPlan(calls, { version: 3, sources: [], names: [], mappings: '' } as never).levelFor(at(2, 1))).toBe('calls')
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
