import { siteIdOf, siteKeyOf } from '@execscope/core'

export interface SiteIdentity {
  key: string
  siteId: number
}

/**
 * Keys and ids for the module's functions, given their position-free names in source order.
 * The ordinal counts earlier functions with the same name, so an edit elsewhere never shifts an id.
 * Two keys that hash alike get the later one salted (`#1`, `#2`, …): ids stay unique per module
 * and deterministic.
 */
export function assignSites(file: string, keyNames: readonly string[]): SiteIdentity[] {
  const ordinals = new Map<string, number>()
  const taken = new Set<number>()
  return keyNames.map((name) => {
    const ordinal = ordinals.get(name) ?? 0
    ordinals.set(name, ordinal + 1)
    const base = siteKeyOf(file, name, ordinal)
    let key = base
    for (let salt = 1; taken.has(siteIdOf(key)); salt++) key = `${base}#${salt}`
    const siteId = siteIdOf(key)
    taken.add(siteId)
    return { key, siteId }
  })
}
