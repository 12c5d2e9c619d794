import { expect, it } from 'vitest'
import { parseSku, SkuError } from '../src/sku.ts'

it('parses a SKU', () => {
  expect(parseSku(' ABC-0042 ')).toEqual({ family: 'ABC', number: 42 })
})

it('names what is wrong', () => {
  expect(() => parseSku('ABC-42')).toThrow(new SkuError('Not a SKU: "ABC-42"'))
})
