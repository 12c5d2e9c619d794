/**
 * The contract between instrumented code and the runtime. Instrumented modules import the first six
 * functions from `RUNTIME_SPECIFIER` (ES modules) or read them from `globalThis[GLOBAL_RUNTIME_KEY]`
 * (classic scripts, CommonJS); the bundler plugin resolves the specifier to the runtime.
 *
 * Sync function body:
 *   const t = e(SITE); try { BODY } catch (err) { x(SITE, t, err); throw err } finally { r(SITE, t) }
 * Async function or generator body (each `await v` / `yield v` becomes `u(SITE, t, await s(SITE, t, v))`):
 *   const t = a(SITE); try { BODY } catch (err) { x(SITE, t, err); throw err } finally { r(SITE, t) }
 *
 * Tokens are small integers: bit 0 says whether this call is timed, the other bits hold the async
 * id (0 for sync calls). `x` writes the throw record and makes the `r` that follows in `finally` a
 * no-op, so every call ends with exactly one Return or Throw record. None of these throws.
 *
 * Two sequences are legal and must be accepted by the runtime and the collector alike:
 * - `u` while the call is not suspended: async bodies resume at the start of each `catch`/`finally`
 *   because an `await` that rejects skips its `u`; a redundant resume is a no-op.
 * - `r` or `x` while the call is suspended: `.return()`/`.throw()` at a `yield`, or a rejected
 *   `await` with no catch in the body; the exit ends the call (an implicit resume).
 */
export interface RuntimeApi {
  /** Entry of a sync function; returns its token. */
  e: (site: number) => number
  /** Normal exit (also `.return()` on a generator). */
  r: (site: number, token: number) => void
  /** Exit by throwing `error`. */
  x: (site: number, token: number, error: unknown) => void
  /** Entry of an async function or generator: allocates an async id; returns its token. */
  a: (site: number) => number
  /** About to suspend at `await`/`yield` with operand `value`; returns `value` unchanged. */
  s: <T>(site: number, token: number, value: T) => T
  /** Resumed from `await`/`yield` with `value`; returns `value` unchanged. */
  u: <T>(site: number, token: number, value: T) => T
  /**
   * A call of a function planned at level `count` (`k(SITE)` where its body starts, and nothing
   * else): counted, not recorded. Imported only by modules that have such functions; a runtime
   * gets it where a build has them (the browser runtime from the module the plugin generates).
   */
  k?: (site: number) => void
}

/** The module specifier instrumented ES modules import the runtime from. */
export const RUNTIME_SPECIFIER: string = 'execscope:runtime'

/** The global under which the installed runtime's `RuntimeApi` is also reachable. */
export const GLOBAL_RUNTIME_KEY: string = '__execscope'

/**
 * `Symbol.for` of this names where a Node process's runtime is found by code of any realm of that
 * process: `require('node:module')[Symbol.for(REALM_RUNTIME_SYMBOL)]`. Core modules are shared by
 * vm contexts (Jest's test environments), whose globalThis is not the process's.
 */
export const REALM_RUNTIME_SYMBOL: string = 'execscope.runtime'

/** The comment that marks instrumented output, so a second pass leaves it alone. */
export const INSTRUMENTED_MARKER: string = '/* @execscope-instrumented */'

/**
 * The recording settings every runtime starts from unless told otherwise (the plugin's option
 * defaults; `--import execscope/register` and `execscope/jest` use them as they are). Here, not in
 * config.ts, so that code reading them does not load the option validator.
 */
export const RECORDING_DEFAULTS: { readonly ringCapacity: number, readonly nodeRingCapacity: number, readonly flushIntervalMs: number, readonly timedCallsPerSite: number, readonly sampleEvery: number } = {
  ringCapacity: 65536,
  // Node code (test files, CLIs, builds) runs long synchronous stretches before its event loop
  // turns, and memory is cheap there: 4 MiB (its pages are touched as the ring fills) take a burst
  // of 262 144 records while the drain worker starts (p-queue's test of 10 000 queued tasks dropped
  // 22 848 records with 65 536).
  nodeRingCapacity: 262144,
  flushIntervalMs: 200,
  timedCallsPerSite: 64,
  sampleEvery: 64,
}

