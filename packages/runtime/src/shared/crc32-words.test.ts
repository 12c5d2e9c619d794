import { crc32 } from '@execscope/core/codec'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { crc32Words } from './crc32-words.ts'

describe('crc32Words', () => {
  it('equals core crc32 over the same bytes', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 400 }).filter(a => a.length % 2 === 0), (ws) => {
      const words = Int32Array.from(ws)
      expect(crc32Words(words)).toBe(crc32(new Uint8Array(words.buffer)))
    }))
  })

  it('gives the standard check value for a known input', () => {
    // CRC-32 of "12345678" is 0x9AE0DAAF.
    const words = new Int32Array(new TextEncoder().encode('12345678').buffer)
    expect(crc32Words(words).toString(16)).toBe('9ae0daaf')
  })
})
