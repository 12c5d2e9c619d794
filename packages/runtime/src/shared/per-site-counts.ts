/** Slots of a per-site counter table: sites share a slot when their ids agree in the low bits, like the recorder's table. */
export const SITE_SLOTS = 4096
/** `site & SITE_SLOT_MASK` is a site's slot. */
export const SITE_SLOT_MASK: number = SITE_SLOTS - 1

/**
 * Counts per site, cleared once a second by a timer (unref'd in Node, so it keeps no process
 * alive): a hot path can check a site's budget for this second with one typed-array read and no
 * clock. In a run that never yields to the event loop the counts are never cleared, so a budget
 * becomes one for the whole run.
 */
export function createPerSiteCounts(): Int32Array {
  const counts = new Int32Array(SITE_SLOTS)
  const setTimer = (globalThis as { setInterval?: (f: () => void, ms: number) => { unref?: () => void } }).setInterval
  setTimer?.(() => counts.fill(0), 1000)?.unref?.()
  return counts
}

/** Node's Proxy check, without importing node:util (the recorders that use it also run in browsers). */
export function nodeProxyCheck(): ((value: object) => boolean) | undefined {
  try {
    const processLike = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    const util = processLike?.getBuiltinModule?.('node:util') as { types?: { isProxy?: (value: object) => boolean } } | undefined
    return util?.types?.isProxy
  }
  catch {
    return undefined
  }
}
