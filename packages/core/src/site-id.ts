/**
 * Site ids are stable across builds, client/SSR environments and unrelated edits: they hash the
 * site's key (module path + qualified name + ordinal), never byte offsets. They stay below 2^30 so
 * V8 keeps them as small integers (no heap numbers on the hot path), and are never 0.
 */
export function siteIdOf(key: string): number {
  // FNV-1a, 32-bit, over UTF-16 code units.
  let h = 0x811C9DC5
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h & 0x3FFFFFFF) || 1
}

/** The key a site id is derived from: `file#qualifiedName#ordinal`. */
export function siteKeyOf(file: string, qualifiedName: string, ordinal: number): string {
  return `${file}#${qualifiedName}#${ordinal}`
}
