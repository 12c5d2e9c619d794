/** Thrown for a stock-keeping unit that does not read `AAA-0000`. */
export class SkuError extends Error {
  override name = 'SkuError'
}

/** Parses `ABC-1234` into its family and number; throws SkuError otherwise. */
export function parseSku(text: string): { family: string, number: number } {
  const match = /^([A-Z]{3})-(\d{4})$/.exec(text.trim())
  if (!match) throw new SkuError(`Not a SKU: "${text}"`)
  return { family: match[1]!, number: Number(match[2]) }
}
