import { parseSku } from './sku.ts'

export interface Item {
  sku: string
  family: string
  quantity: number
  unitPrice: number
}

/** Stock per SKU, with the arithmetic a shop needs. */
export class Inventory {
  private readonly items = new Map<string, Item>()
  /** Bumped by every change of stock, so callers can tell whether it changed since they looked. */
  revision = 0

  add(sku: string, quantity: number, unitPrice: number): Item {
    const { family } = parseSku(sku)
    const item = this.items.get(sku) ?? { sku, family, quantity: 0, unitPrice }
    item.quantity += quantity
    item.unitPrice = unitPrice
    this.items.set(sku, item)
    this.revision++
    return item
  }

  remove(sku: string, quantity: number): void {
    const item = this.items.get(sku)
    if (!item || item.quantity < quantity) throw new RangeError(`Only ${item?.quantity ?? 0} of ${sku} in stock`)
    item.quantity -= quantity
    this.revision++
  }

  totalValue(): number {
    return [...this.items.values()].reduce((sum, item) => sum + lineValue(item), 0)
  }

  byFamily(): Map<string, number> {
    const totals = new Map<string, number>()
    for (const item of this.items.values()) totals.set(item.family, (totals.get(item.family) ?? 0) + item.quantity)
    return totals
  }

  /** Restocks every SKU the supplier reports, one request at a time. */
  async restock(supplier: (sku: string) => Promise<number>): Promise<number> {
    let received = 0
    for (const item of this.items.values()) {
      const quantity = await supplier(item.sku)
      item.quantity += quantity
      received += quantity
    }
    this.revision++
    return received
  }
}

function lineValue(item: Item): number {
  return item.quantity * item.unitPrice
}

/** A price index over `days` days: many small calls, as real libraries make. */
export function priceIndex(days: number): number {
  let index = 100
  for (let day = 1; day <= days; day++) index = drift(index, day)
  return Math.round(index * 100) / 100
}

function drift(index: number, day: number): number {
  return index * (1 + ((day % 7) - 3) / 1000)
}
