import { previewValue, SECRET_KEY_RE } from '../shared/value-preview.ts'
import type { PreviewLimits } from '../shared/value-preview.ts'
import { createPerSiteCounts, nodeProxyCheck, SITE_SLOT_MASK } from '../shared/per-site-counts.ts'
import { createPreviewBudget } from '../shared/preview-budget.ts'
import { createThrownValues } from '../shared/thrown-values.ts'
import type { Clock } from '../shared/recorder.ts'
import { defaultClock } from '../shared/recorder.ts'
import { createValueWriter } from '../shared/value-writer.ts'
import type { ValueRing } from '../shared/value-writer.ts'

/*
 * `ValueRole` numbers as plain numbers, like the probes' record words (see link-records.ts);
 * install-values.test.ts checks them against the codec.
 */
export const ROLE_RETURNED = 2
export const ROLE_ARGUMENTS = 4

/** What the values recorder needs of the installed runtime. */
export interface ValuesRuntime {
  r: (site: number, token: number) => void
  x: (site: number, token: number, error: unknown) => void
  /** The thread's recorder: its ring, and the time previews took, for the runtime's cost estimate. */
  recorder: { ring: ValueRing, previewNs?: number } | undefined
}

export interface ValuesOptions {
  /** Preview what calls throw (the browser runtime does not; Node's does it itself). @default false */
  previewThrown?: boolean
  /** Argument and return previews per function per second on this thread; calls beyond it record no values. @default 64 */
  previewsPerSitePerSecond?: number
  /** Previews per second on this thread, all functions together. @default 5000 */
  previewsPerSecond?: number
  /**
   * Time this thread may spend on previews each second, ms: once spent, calls record no values
   * until the next second. Counts cap how many; this caps what they cost, since one preview of a
   * large object (a parser's context, a request) takes tens of microseconds. @default 20 (2%)
   */
  previewMsPerSecond?: number
  /** Caps of each argument and of a return value. @default depth 2, 16 keys, 256 characters, 1024 bytes */
  limits?: PreviewLimits
  /** The thread's clock, ms (the recorder's). @default `performance` */
  clock?: Clock
}

/**
 * What instrumented code at level `values` calls (see the instrumenter's emit.ts):
 *   const t = e(S); p(S, t, "a,b", a, b); try { … return v(S, t, (X)) … }
 *   catch (err) { y(S, t, err); throw err } finally { q(S, t) }
 * None of them throws; `v` returns its value unchanged.
 */
export interface ValueFunctions {
  /** Right after the entry: previews the parameters (names comma-separated, up to 8 values). */
  p: (site: number, token: number, names: string, a0?: unknown, a1?: unknown, a2?: unknown, a3?: unknown, a4?: unknown, a5?: unknown, a6?: unknown, a7?: unknown) => void
  /** A `return`'s value: kept for `q`, returned unchanged. */
  v: <T>(site: number, token: number, value: T) => T
  /** Normal exit: `r`, then the preview of the value the call returned. */
  q: (site: number, token: number) => void
  /** Exit by throwing: `x`, then (if asked) the preview of what was thrown. */
  y: (site: number, token: number, error: unknown) => void
}

/** What `slow` does: preview the arguments (p), keep a return value (v), preview it (q). */
const SLOW_ARGS = 0
const SLOW_KEEP = 1
const SLOW_RETURNED = 2

/** Return values kept at once: a `finally` that awaits lets other calls return meanwhile. */
const MAX_KEPT = 64
/** How far below the top `q` looks for its call's value (others returned meanwhile). */
const SEARCH_DEPTH = 8

const DEFAULT_LIMITS: PreviewLimits = { maxDepth: 2, maxKeys: 16, maxStringLength: 256, maxBytes: 1024 }

/**
 * The argument and return-value recorder of one thread, on top of the installed runtime's `r` and
 * `x`: a `Value` record of role Arguments right after the Enter record (a JSON object by parameter
 * name), of role Returned right after the Return record, of role Thrown right after the Throw
 * record. Previews never run app code (value-preview.ts). A function's values are recorded for
 * at most `previewsPerSitePerSecond` of its calls each second, so a hot function costs a table
 * lookup per call beyond that; the calls themselves are always recorded.
 */
export function installValues(runtime: ValuesRuntime, options: ValuesOptions = {}): ValueFunctions {
  const { r, x } = runtime
  const recorder = runtime.recorder
  const ring = recorder?.ring
  const clock = options.clock ?? defaultClock()
  const now = clock.now
  const isProxy = nodeProxyCheck()
  const limits: PreviewLimits = { ...DEFAULT_LIMITS, ...options.limits, isProxy: options.limits?.isProxy ?? isProxy }
  const redactKeys = limits.redactKeys ?? SECRET_KEY_RE
  const perSite = options.previewsPerSitePerSecond ?? 64
  const budget = createPreviewBudget(options.previewsPerSecond ?? 5000, options.previewMsPerSecond ?? 20)
  const writer = ring ? createValueWriter(ring) : undefined
  /** Previews of each site slot in this second. */
  const siteCount = createPerSiteCounts()
  /** When the preview `mayPreview` last allowed began (ms). */
  let previewStart = 0
  // The browser runtime previews no thrown values itself: here they are previewed as Node's are.
  const thrown = options.previewThrown && ring ? createThrownValues(ring, { now: () => now.call(clock), isProxy }) : undefined
  /** Return values waiting for their `q`: sites and values, innermost last. */
  const keptSites = new Int32Array(MAX_KEPT)
  const keptValues: unknown[] = []
  let kept = 0

  /** Whether a preview for `site` fits in this second's budgets (counts it if so). */
  function mayPreview(site: number): boolean {
    if (writer === undefined) return false
    const slot = site & SITE_SLOT_MASK
    if (siteCount[slot]! >= perSite) return false
    const t = now.call(clock)
    if (!budget.allows(t)) return false
    siteCount[slot]!++
    previewStart = t
    return true
  }

  /**
   * The time since `mayPreview` allowed a preview (one clock read), added to the recorder's preview
   * time and returned for the preview's record.
   */
  function previewDone(): number {
    const ms = now.call(clock) - previewStart
    budget.spend(ms)
    const ns = ms * 1e6
    if (recorder !== undefined) recorder.previewNs = (recorder.previewNs ?? 0) + ns
    return ns
  }

  /** The value `takeKept` found. */
  let taken: unknown

  /**
   * Removes the newest kept value of `site` near the top into `taken`, with the values it
   * superseded right below it (a `return` in `finally` after one in `try`); false if there is none.
   */
  function takeKept(site: number): boolean {
    const floor = Math.max(0, kept - SEARCH_DEPTH)
    let i = kept - 1
    while (i >= floor && keptSites[i] !== site) i--
    if (i < floor) return false
    taken = keptValues[i]
    let from = i
    while (from > 0 && keptSites[from - 1] === site) from--
    const removed = i - from + 1
    for (let j = i + 1; j < kept; j++) {
      keptSites[j - removed] = keptSites[j]!
      keptValues[j - removed] = keptValues[j]
    }
    // Nothing of the app stays referenced from here.
    for (let j = kept - removed; j < kept; j++) keptValues[j] = undefined
    kept -= removed
    return true
  }

  // The work of p, v and q past their first checks, one function on purpose: V8 inlines up to 460
  // bytes of bytecode, and what it inlines counts against the inlining budget of every function it
  // goes into. Inlined into p, v and q, this made them hundreds of bytes, in every instrumented
  // function at levels values and full, so the app's own functions stopped inlining each other; as
  // one function above that limit (test/runtime-inlining.test.ts checks), it stays out of them.
  // `kind` is SLOW_ARGS (p: `value` unused), SLOW_KEEP (v: keep `value`) or SLOW_RETURNED (q).
  function slow(kind: number, site: number, names: string, value?: unknown, a0?: unknown, a1?: unknown, a2?: unknown, a3?: unknown, a4?: unknown, a5?: unknown, a6?: unknown, a7?: unknown): void {
    if (kind === SLOW_KEEP) {
      if (writer === undefined) return
      if (kept === MAX_KEPT) {
        // Values whose calls never came back for them (abandoned generators): start over.
        keptValues.fill(undefined)
        kept = 0
      }
      keptSites[kept] = site
      keptValues[kept++] = value
      return
    }
    if (kind === SLOW_RETURNED) {
      if (!takeKept(site)) return
      const returned = taken
      taken = undefined
      try {
        if (mayPreview(site)) {
          const json = previewValue(returned, limits)
          writer!.write(ROLE_RETURNED, json, previewDone())
        }
      }
      catch {}
      return
    }
    if (writer === undefined || !mayPreview(site)) return
    try {
      const keys = names.split(',')
      const values = [a0, a1, a2, a3, a4, a5, a6, a7]
      let json = '{'
      for (let i = 0; i < keys.length && i < values.length; i++) {
        if (i > 0) json += ','
        json += `${JSON.stringify(keys[i])}:${redactKeys.test(keys[i]!) ? '["redacted"]' : previewValue(values[i], limits)}`
      }
      json += '}'
      writer.write(ROLE_ARGUMENTS, json, previewDone())
    }
    catch {
      // Never into the app: the call is recorded regardless.
    }
  }

  // p, v and q are inlined into every instrumented function: a counted call (negative token) or a
  // site past its previews for this second leaves at the first check, the rest is the slow path's.
  // Fixed arity, not a rest parameter: a call whose values are not recorded allocates nothing. A
  // secret-looking parameter name hides its value, as a key inside a preview would.
  function p(site: number, token: number, names: string, a0?: unknown, a1?: unknown, a2?: unknown, a3?: unknown, a4?: unknown, a5?: unknown, a6?: unknown, a7?: unknown): void {
    // A counted call has no Enter record for its values to follow.
    if (token < 0 || siteCount[site & SITE_SLOT_MASK]! >= perSite) return
    slow(SLOW_ARGS, site, names, undefined, a0, a1, a2, a3, a4, a5, a6, a7)
  }

  function v<T>(site: number, token: number, value: T): T {
    if (token >= 0 && siteCount[site & SITE_SLOT_MASK]! < perSite) slow(SLOW_KEEP, site, '', value)
    return value
  }

  function q(site: number, token: number): void {
    r(site, token)
    if (token >= 0 && kept !== 0) slow(SLOW_RETURNED, site, '')
  }

  function y(site: number, token: number, error: unknown): void {
    // A value kept by a `return` whose `finally` then threw was never returned.
    if (kept > 0 && takeKept(site)) taken = undefined
    x(site, token, error)
    // A counted call's throw is recorded only where it leaves the counted calls, without its value.
    if (token >= 0) thrown?.record(error)
  }

  return { p, v, q, y }
}
