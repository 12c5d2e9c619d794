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
  const identities: SiteIdentity[] = []
  for (const name of keyNames) {
    const ordinal = ordinals.get(name) ?? 0
    ordinals.set(name, ordinal + 1)
    const base = siteKeyOf(file, name, ordinal)
    let key = base
    let siteId = siteIdOf(key)
    for (let salt = 1; taken.has(siteId); salt++) {
      key = `${base}#${salt}`
      siteId = siteIdOf(key)
    }
    taken.add(siteId)
    identities.push({ key, siteId })
  }
  return identities
}
