import type { Installation, RealmState } from './realm-state.ts'
import type { AnyFunction, Restore } from './patch.ts'
import { LINK_OUT, LINK_TIMER, writeLink } from './link-records.ts'
import { linkedCallback } from './link-callback.ts'
import { apply, ownerOf, patchMethod, shapedLike, withArgument } from './patch.ts'
import { isWorthLinking, nextToken } from './realm-state.ts'

/**
 * Schedulers whose first argument is the callback. Microtasks (`queueMicrotask`,
 * `process.nextTick`) count as timers too: a zero-delay timer is what they are to the app, and the
 * link kinds keep Promise for promise reactions.
 */
const GLOBAL_SCHEDULERS = ['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'requestAnimationFrame', 'requestIdleCallback'] as const

/**
 * Patches `scheduler` so that a call with a function callback writes `LinkOut(Timer, token)` and
 * schedules the callback through `linkedCallback` with the same token (a `setInterval` reuses it
 * on every firing). Anything else (a string handler, a missing callback) reaches the original
 * untouched, so it fails or evaluates exactly as before. The return value (a Node `Timeout`, a
 * browser id) is the original's, so `clearTimeout` and friends keep working.
 */
function patchScheduler(state: RealmState, inst: Installation, owner: object | undefined, key: string): Restore | undefined {
  return patchMethod(owner, key, original => shapedLike(original, (self, args) => {
    const callback = args[0]
    if (!inst.isRecording || typeof callback !== 'function' || !isWorthLinking(inst)) return apply(original, self, args)
    const token = nextToken(state)
    const result = apply(original, self, withArgument(args, 0, linkedCallback(inst, callback as AnyFunction, LINK_TIMER, token)))
    // Written once the scheduler accepted the callback: a call that throws links nothing.
    writeLink(inst, LINK_OUT, LINK_TIMER, token)
    return result
  }))
}

/** Patches the timers and microtask schedulers this realm has; returns their restores. */
export function patchTimers(state: RealmState, inst: Installation): Restore[] {
  const restores: Restore[] = []
  for (const key of GLOBAL_SCHEDULERS) {
    const restore = patchScheduler(state, inst, ownerOf(globalThis, key), key)
    if (restore) restores.push(restore)
  }
  // `process` may be Node's or a bundler's polyfill; either way its nextTick takes the callback first.
  const proc = (globalThis as { process?: { nextTick?: unknown } }).process
  if (typeof proc === 'object' && proc !== null) {
    const restore = patchScheduler(state, inst, ownerOf(proc, 'nextTick'), 'nextTick')
    if (restore) restores.push(restore)
  }
  return restores
}
