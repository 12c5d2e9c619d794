import { describe, expect, it } from 'vitest'
import { Inventory, priceIndex } from '../src/inventory.ts'
import { SkuError } from '../src/sku.ts'

describe('Inventory', () => {
  it('adds and values stock', () => {
    const inventory = new Inventory()
    inventory.add('ABC-0001', 3, 2.5)
    inventory.add('ABC-0002', 1, 10)
    inventory.add('XYZ-0100', 2, 4)
    expect(inventory.totalValue()).toBe(25.5)
    expect(inventory.byFamily()).toEqual(new Map([['ABC', 4], ['XYZ', 2]]))
  })

  it('refuses a malformed SKU', () => {
    const inventory = new Inventory()
    expect(() => inventory.add('abc-1', 1, 1)).toThrow(SkuError)
  })

  it('refuses to remove more than is in stock', () => {
    const inventory = new Inventory()
    inventory.add('ABC-0001', 1, 1)
    expect(() => inventory.remove('ABC-0001', 2)).toThrow(RangeError)
  })

  it('restocks from an asynchronous supplier', async () => {
    const inventory = new Inventory()
    inventory.add('ABC-0001', 1, 1)
    inventory.add('ABC-0002', 1, 1)
    const supplier = async (sku: string): Promise<number> => {
      await new Promise(resolve => setTimeout(resolve, 5))
      return sku.endsWith('1') ? 10 : 20
    }
    expect(await inventory.restock(supplier)).toBe(30)
  })
})

describe('priceIndex', () => {
  it('drifts over a year', () => {
    expect(priceIndex(365)).toBeCloseTo(99.73, 1)
  })
})
