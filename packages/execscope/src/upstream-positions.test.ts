import type { SiteRow } from '@execscope/core'
import MagicString from 'magic-string'
import { describe, expect, it } from 'vitest'
import { mapSitesToSource } from './upstream-positions.ts'

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
