/* eslint-disable ts/no-unsafe-function-type */
import type { Installation, RealmState } from './realm-state.ts'
import type { AnyFunction, Restore } from './patch.ts'
import { LINK_FETCH, LINK_OUT, LINK_PROMISE, writeLink } from './link-records.ts'
import { linkedCallback, linkedReaction } from './link-callback.ts'
import { apply, copyOwnProperties, ownerOf, patchMethod, shapedLike } from './patch.ts'
import { isWorthLinking, nextToken } from './realm-state.ts'

type Reaction = (value: unknown) => unknown

// Captured at load, as `(set, value) => set.has(value)`: the app may replace them later.
const bindCall = Function.prototype.bind.bind(Function.prototype.call) as (fn: Function) => Function
const weakSetHas = bindCall(WeakSet.prototype.has) as (set: WeakSet<object>, value: unknown) => boolean
const weakSetAdd = bindCall(WeakSet.prototype.add) as (set: WeakSet<object>, value: object) => void
const functionToString = bindCall(Function.prototype.toString) as (fn: Function) => string
const stringEndsWith = bindCall(String.prototype.endsWith) as (s: string, tail: string) => boolean

/**
 * Whether `fn` is one of the engine's own anonymous closures: a promise's resolve function,
 * `Promise.all`'s per-element functions and the like. The engine hands them to `then` itself once
 * `then` is patched (`Promise.all`/`allSettled`/`any`/`race`, a promise resolved with a promise,
 * `await` of a thenable), and V8 walks an async stack trace through exactly these closures (`at
 * async Promise.all (index 0)`, `at async outer`): wrapped, they would end the stack at the first
 * such hop. They run no app code, so there is nothing to link. Only asked about a `then` given two
 * callable handlers, as the engine always calls it: a `.name` read (about 30 ns, megamorphic), and
 * for anonymous functions their text (`function () { [native code] }` in V8, `…\n    [native
 * code]\n}` in SpiderMonkey and JSC).
 */
function isEngineClosure(fn: Function): boolean {
  try {
    if (fn.name !== '') return false
    const text = functionToString(fn)
    return stringEndsWith(text, '[native code] }') || stringEndsWith(text, '[native code]\n}')
  }
  catch {
    return false
  }
}

/**
 * Patches `Promise.prototype.then` (which `catch` calls, per spec) so that registering a callable
 * reaction writes `LinkOut(Promise, token)` and the reaction runs inside a `LinkIn` window with
 * that token; and `Promise.prototype.finally` likewise for its callback (its own call to `then`
 * passes the engine's closures, which `then` leaves alone). Promises returned by `fetch`, and the
 * promises derived from them by `then`/`catch`/`finally`, give their reactions kind Fetch instead.
 *
 * A `then` given two callable handlers, the fulfilment one an engine closure (see
 * `isEngineClosure`), is the engine's own or passes a promise's `resolve` and `reject`: it reaches
 * the original untouched and links nothing, so async stack traces keep every frame they have
 * without the probes (V8's walk looks at fulfilment handlers only). So is the `then` that
 * `finally` calls. Left wrapped, and so cutting the async part of a stack at that hop as before: a
 * `then(resolve)` given a resolve function alone, which costs no check on the common one-handler
 * `then(callback)`.
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
  // WeakSet#has answers false for primitives, so a bad receiver still reaches the original.
  const isFetched = (promise: unknown): boolean => fetched !== undefined && fetched.count > 0 && weakSetHas(fetched.set, promise)
  /** `derived`, after remembering it as fetched when the promise it came from was. */
  const derive = (isFetch: boolean, derived: unknown): unknown => {
    if (isFetch && typeof derived === 'object' && derived !== null) weakSetAdd(fetched!.set, derived)
    return derived
  }

  // The receiver of the patched `finally` running now, whose own call to `then` (with the engine's
  // closures around the wrapped callback) goes to the original as it is.
  const notInFinally = {}
  let finallyReceiver: unknown = notInFinally

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
        const isFetch = isFetched(this)
        if (isFulfilledCallable && isRejectedCallable && (this === finallyReceiver || isEngineClosure(onFulfilled as Function)))
          return derive(isFetch, callThen(this, onFulfilled, onRejected))
        const kind = isFetch ? LINK_FETCH : LINK_PROMISE
        const token = nextToken(state)
        const derived = derive(isFetch, callThen(
          this,
          isFulfilledCallable ? linkedReaction(inst, onFulfilled as Reaction, kind, token) : onFulfilled,
          isRejectedCallable ? linkedReaction(inst, onRejected as Reaction, kind, token) : onRejected,
        ))
        // After the original: a receiver it rejects links nothing, and no reaction can run before then.
        writeLink(inst, LINK_OUT, kind, token)
        return derived
      },
    }.then
    copyOwnProperties(original, wrapper)
    return wrapper
  })
  if (restoreThen) restores.push(restoreThen)

  const restoreFinally = patchMethod(PromiseCtor?.prototype, 'finally', (original) => {
    const callFinally = bindCall(original) as (self: unknown, onFinally: unknown) => unknown
    const wrapper = {
      finally(this: unknown, onFinally: unknown): unknown {
        if (!inst.isRecording || typeof onFinally !== 'function' || !isWorthLinking(inst)) return callFinally(this, onFinally)
        const isFetch = isFetched(this)
        const kind = isFetch ? LINK_FETCH : LINK_PROMISE
        const token = nextToken(state)
        // `onFinally` is called with no arguments: the general wrapper passes them as they come.
        const wrapped = linkedCallback(inst, onFinally as AnyFunction, kind, token)
        const outer = finallyReceiver
        finallyReceiver = this
        let derived: unknown
        try {
          derived = callFinally(this, wrapped)
        }
        finally {
          finallyReceiver = outer
        }
        writeLink(inst, LINK_OUT, kind, token)
        return derive(isFetch, derived)
      },
    }.finally
    copyOwnProperties(original, wrapper)
    return wrapper
  })
  if (restoreFinally) restores.push(restoreFinally)

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

