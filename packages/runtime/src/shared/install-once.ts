import { GLOBAL_RUNTIME_KEY } from '@execscope/core/codec'

/**
 * The one installation per realm (page, worker, Node thread): the runtime already on
 * `globalThis.__execscope` if there is one, else the one `start` makes, stored there. A runtime
 * that cannot start must not break the app, so a throwing `start` gives the inert runtime instead
 * (which is not stored, so nothing pretends to record); so does a `start` that returns nothing (a
 * session that is not sampled).
 */
export function installOnce<T extends { e: unknown }>(start: () => T | undefined, inert: () => T): T {
  const g = globalThis as unknown as Record<string, unknown>
  const existing = g[GLOBAL_RUNTIME_KEY] as T | undefined
  if (existing && typeof existing.e === 'function') return existing
  let runtime: T | undefined
  try {
    runtime = start()
  }
  catch {
    return inert()
  }
  if (!runtime) return inert()
  g[GLOBAL_RUNTIME_KEY] = runtime
  return runtime
}
