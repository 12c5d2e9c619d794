import { siteIdOf, siteKeyOf } from '@execscope/core'
import { describe, expect, it } from 'vitest'
import { assignSites } from './assign-sites.ts'

function findCollision(file: string): [string, string] {
  const seen = new Map<number, string>()
  for (let i = 0; ; i++) {
    const name = `f${i}`
    const id = siteIdOf(siteKeyOf(file, name, 0))
    const other = seen.get(id)
    if (other !== undefined) return [other, name]
    seen.set(id, name)
  }
}

describe('assignSites', () => {
  it('counts ordinals per name', () => {
    expect(assignSites('a.js', ['f', 'g', 'f']).map(site => site.key)).toEqual(['a.js#f#0', 'a.js#g#0', 'a.js#f#1'])
  })

  it('salts the later of two keys that hash alike, deterministically', () => {
    const [first, second] = findCollision('src/c.js')
    const sites = assignSites('src/c.js', [first, second])
    expect(sites[0]).toEqual({ key: `src/c.js#${first}#0`, siteId: siteIdOf(`src/c.js#${first}#0`) })
    expect(sites[1]!.key).toBe(`src/c.js#${second}#0#1`)
    expect(sites[1]!.siteId).toBe(siteIdOf(sites[1]!.key))
    expect(sites[1]!.siteId).not.toBe(sites[0]!.siteId)
    expect(assignSites('src/c.js', [first, second])).toEqual(sites)
  })
})
