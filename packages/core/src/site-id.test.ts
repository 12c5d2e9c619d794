import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { siteIdOf, siteKeyOf } from './site-id.ts'

describe('siteIdOf', () => {
  it('is a deterministic small positive integer', () => {
    fc.assert(fc.property(fc.string(), (key) => {
      const id = siteIdOf(key)
      expect(id).toBe(siteIdOf(key))
      expect(Number.isInteger(id) && id > 0 && id < 2 ** 30).toBe(true)
    }))
  })
  it('depends on the key only', () => {
    // FNV-1a 32 of "a" is 0xe40c292c (published test vector); ids keep its low 30 bits.
    expect(siteIdOf('a')).toBe(0xE40C292C & 0x3FFFFFFF)
    expect(siteKeyOf('src/a.ts', 'TodoStore.add', 0)).toBe('src/a.ts#TodoStore.add#0')
    expect(siteIdOf(siteKeyOf('src/a.ts', 'TodoStore.add', 1))).not.toBe(siteIdOf(siteKeyOf('src/a.ts', 'TodoStore.add', 0)))
  })
})
