/* eslint-disable ts/no-unsafe-function-type */
import type { Installation, RealmState } from './realm-state.ts'
import type { Restore } from './patch.ts'
import { LINK_FETCH, LINK_OUT, LINK_PROMISE, writeLink } from './link-records.ts'
import { linkedReaction } from './link-callback.ts'
import { apply, copyOwnProperties, ownerOf, patchMethod, shapedLike } from './patch.ts'
import { isWorthLinking, nextToken } from './realm-state.ts'

type Reaction = (value: unknown) => unknown

// Captured at load, as `(set, value) => set.has(value)`: the app may replace them later.
const bindCall = Function.prototype.bind.bind(Function.prototype.call) as (fn: Function) => Function
const weakSetHas = bindCall(WeakSet.prototype.has) as (set: WeakSet<object>, value: unknown) => boolean
const weakSetAdd = bindCall(WeakSet.prototype.add) as (set: WeakSet<object>, value: object) => void

/**
 * Patches `Promise.prototype.then` (which `catch` and `finally` call, per spec) so that
 * registering a callable reaction writes `LinkOut(Promise, token)` and the reaction runs inside a
 * `LinkIn` window with that token. Promises returned by `fetch`, and the promises derived from
 * them by `then`/`catch`/`finally`, give their reactions kind Fetch instead.
 *
 * Pass-through by construction: the original `then` runs with the same receiver (so a non-promise
 * receiver gets the same TypeError, a subclass its species), non-callable arguments reach it as
 * they were (so values and rejections pass through, and a rejection stays unhandled exactly when
 * it was), and a wrapped reaction returns or throws what the reaction did, in the same microtask.
 * `await` on a native promise does not call `then` and is not linked here (async functions are
 * linked by their own segments).
 */
export function patchPromises(state: RealmState, inst: Installation, options: { fetch: boolean }): Restore[] {
  const restores: Restore[] = []
  // Promises from fetch; `then` looks them up only once there is one to find.
  const fetched = options.fetch ? { set: new WeakSet<object>(), count: 0 } : undefined

  const PromiseCtor = (globalThis as { Promise?: { prototype?: object } }).Promise
  const restoreThen = patchMethod(PromiseCtor?.prototype, 'then', (original) => {
    // `callThen(p, a, b)` is `original.call(p, a, b)` without an argument array per call, and
    // immune to a later patch of Function.prototype.call.
    const callThen = bindCall(original) as (self: unknown, onFulfilled: unknown, onRejected: unknown) => unknown
    const wrapper = {
      then(this: unknown, onFulfilled: unknown, onRejected: unknown): unknown {
        const isFulfilledCallable = typeof onFulfilled === 'function'
        const isRejectedCallable = typeof onRejected === 'function'
        if (!inst.isRecording || (!isFulfilledCallable && !isRejectedCallable) || !isWorthLinking(inst)) return callThen(this, onFulfilled, onRejected)
        // WeakSet#has answers false for primitives, so a bad receiver still reaches the original.
        const isFetch = fetched !== undefined && fetched.count > 0 && weakSetHas(fetched.set, this)
        const kind = isFetch ? LINK_FETCH : LINK_PROMISE
        const token = nextToken(state)
        const derived = callThen(
          this,
          isFulfilledCallable ? linkedReaction(inst, onFulfilled as Reaction, kind, token) : onFulfilled,
          isRejectedCallable ? linkedReaction(inst, onRejected as Reaction, kind, token) : onRejected,
        )
        if (isFetch && typeof derived === 'object' && derived !== null) weakSetAdd(fetched.set, derived)
        // After the original: a receiver it rejects links nothing, and no reaction can run before then.
        writeLink(inst, LINK_OUT, kind, token)
        return derived
      },
    }.then
    copyOwnProperties(original, wrapper)
    return wrapper
  })
  if (restoreThen) restores.push(restoreThen)

  if (fetched !== undefined) {
    const restoreFetch = patchMethod(ownerOf(globalThis, 'fetch'), 'fetch', original => shapedLike(original, (self, args) => {
      const result = apply(original, self, args)
      if (inst.isRecording && typeof result === 'object' && result !== null) {
        weakSetAdd(fetched.set, result)
        fetched.count++
      }
      return result
    }))
    if (restoreFetch) restores.push(restoreFetch)
  }
  return restores
}

