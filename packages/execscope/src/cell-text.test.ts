import { describe, expect, it } from 'vitest'
import { cellText } from './cell-text.ts'

describe('cellText', () => {
  it('keeps every row one line of tab-separated cells', () => {
    expect(cellText('a\tb\nc\\d')).toBe('a\\tb\\nc\\\\d')
    expect(cellText(null)).toBe('')
  })

  it('shows times in ISO 8601, intervals as DuckDB does, and lists, structs and maps as JSON', () => {
    expect(cellText(new Date('2024-01-02T03:04:05Z'))).toBe('2024-01-02T03:04:05.000Z')
    expect(cellText({ months: 0, days: 0, micros: 1_000_000n })).toBe('00:00:01')
    expect(cellText({ months: 14, days: 3, micros: 14_706_789_000n })).toBe('1 year 2 months 3 days 04:05:06.789')
    expect(cellText({ months: 0, days: 0, micros: 0n })).toBe('00:00:00')
    expect(cellText({ months: 0, days: 1, micros: 0n })).toBe('1 day')
    expect(cellText([1, 2])).toBe('[1,2]')
    expect(cellText({ a: 1, b: 'x\ty' })).toBe('{"a":1,"b":"x\\\\ty"}')
    expect(cellText({ big: 2n ** 70n })).toBe('{"big":"1180591620717411303424"}')
    expect(cellText(42)).toBe('42')
  })
})
