import { previewValue, SECRET_KEY_RE } from '../shared/value-preview.ts'
import type { PreviewLimits } from '../shared/value-preview.ts'
import { createPerSiteCounts, nodeProxyCheck, SITE_SLOT_MASK } from '../shared/per-site-counts.ts'
import { createPreviewBudget } from '../shared/preview-budget.ts'
import type { Clock } from '../shared/recorder.ts'
import { defaultClock } from '../shared/recorder.ts'
import { createValueWriter } from '../shared/value-writer.ts'

/*
 * Record words as plain numbers, like the probes' (see link-records.ts for why not the codec);
 * install-state.test.ts checks them against the codec.
 */
/** `RecordKind.State | RecordFlag.Timed << 8`. */
export const STATE_TIMED: number = 12 | (1 << 8)
/** `RecordKind.State`, untimed (the ring is refusing records: no clock read for them). */
export const STATE_UNTIMED = 12
/** `ValueRole.State`. */
export const ROLE_STATE = 3

/** What the state recorder needs of the thread's ring (the recorder's own ring). */
export interface StateRing {
  push: (w0: number, site: number, payload: number, time: number) => boolean
  pushTimed: (w0: number, site: number, payload: number, ns: number) => boolean
  readonly isRefusing?: boolean
}

export interface StateOptions {
  /** Previews written per second on this thread; changes beyond it are recorded without previews. @default 5000 */
  previewsPerSecond?: number
  /**
   * Time this thread may spend on the previews of changes each second, ms; changes beyond it are
   * recorded without previews until the next second. @default 20 (2%)
   */
  previewMsPerSecond?: number
  /**
   * Changes recorded per assignment site per second on this thread. A site that changes more
   * often (a lexer's `this.pos++`) is not state worth a history: the first change over the cap is
   * recorded with the new value `["capped"]`, the rest of that second's are not recorded at all,
   * at the cost of a table lookup. @default 256
   */
  changesPerSitePerSecond?: number
  /** Caps of each of the two previews of a change. @default depth 2, 16 keys, 256 characters, 1024 bytes */
  limits?: PreviewLimits
  /** The thread's clock, ms (the recorder's). @default `performance` */
  clock?: Clock
  /**
   * Whether a counted call runs now (the Node runtime's `recorder.calls.isInCountedCall`): what it
   * assigns is not recorded, as there is no recorded call it could be laid at. @default never
   */
  isInCountedCall?: () => boolean
  /** Where to add the time previews take (ns), for the runtime's cost estimate: the thread's recorder. */
  cost?: { previewNs?: number }
}

/**
 * What instrumented code calls around `this.key OP value` (see the instrumenter's emit.ts):
 * `c(site, this, key, o(site, this, key), this.key OP value)`. Neither throws.
 */
export interface StateFunctions {
  /** Reads the property's value before the assignment: an own data property only, never a getter. */
  o: (site: number, target: unknown, key: string) => unknown
  /**
   * After the assignment: records the change if the own data property changed; returns `value`.
   * For a private field (`#key`) the instrumented code read `old` itself, and the new value is
   * `after` when given (`this.#k++`), else `value`.
   */
  c: <T>(site: number, target: unknown, key: string, old: unknown, value: T, after?: unknown) => T
}

/** What a capped change records as its new value. */
const CAPPED = '["capped"]'

/** `o`'s answer when the property did not exist. */
const ABSENT = Object.freeze({ absent: true })
/** `o`'s answer when this change is not recorded (not an object, a Proxy, an accessor, re-entry). */
const SKIP = Object.freeze({ skip: true })

const REDACTED = '["redacted"]'

const DEFAULT_LIMITS: PreviewLimits = { maxDepth: 2, maxKeys: 16, maxStringLength: 256, maxBytes: 1024 }

/**
 * The state-change recorder of one thread. A change is a State record (the assignment's site, the
 * object's instance number on this thread, the time) followed, within the preview rate, by a
 * Value record of role State with the JSON array `[old, new]` (`[new]` when the property was
 * created) and its bytes, all in the thread's ring, so they travel with the call that made it.
 *
 * Nothing here runs app code: values are read with Object.getOwnPropertyDescriptor, own data
 * properties only (a getter or setter is never called; an accessor property is not recorded, the
 * setter's own assignments are), and previews follow value-preview.ts. Limits: in browsers a Proxy
 * `this` cannot be told apart, so its getOwnPropertyDescriptor trap runs (Node skips proxies);
 * an assignment that leaves the same value (Object.is) is not a change; mutations that are not
 * assignments to `this.key` (`this.items.push(x)`, `delete this.x`) are not seen.
 */
export function installState(ring: StateRing, options: StateOptions = {}): StateFunctions {
  const getOwn = Object.getOwnPropertyDescriptor
  const is = Object.is
  const weakMapGet = WeakMap.prototype.get
  const weakMapSet = WeakMap.prototype.set
  const instances = new WeakMap<object, number>()
  let nextInstance = 1
  const clock = options.clock ?? defaultClock()
  const now = clock.now
  const limits: PreviewLimits = { ...DEFAULT_LIMITS, ...options.limits, isProxy: options.limits?.isProxy ?? nodeProxyCheck() }
  const isProxy = limits.isProxy
  const redactKeys = limits.redactKeys ?? SECRET_KEY_RE
  const budget = createPreviewBudget(options.previewsPerSecond ?? 5000, options.previewMsPerSecond ?? 20)
  const writer = createValueWriter(ring)
  /** Set while previewing: a Proxy trap or anything else that assigns meanwhile is not recorded. */
  let isBusy = false
  const perSite = options.changesPerSitePerSecond ?? 256
  /** Changes of each site slot in this second. */
  const siteChanges = createPerSiteCounts()
  const isInCountedCall = options.isInCountedCall
  const cost = options.cost

  // The work of o and c past their first checks, one function on purpose, as the values recorder's
  // (see its `slow`): inlined into o and c, it made every assignment to `this` in recorded code
  // hundreds of bytes bigger to V8's inliner; above 460 bytes of bytecode it stays out of them
  // (test/runtime-inlining.test.ts checks). `isChange` false: o's read of the old value (the
  // answer); true: c's change, `old` from o, `hasAfter`/`after` c's sixth argument.
  function slow(isChange: boolean, site: number, target: unknown, key: string, old?: unknown, value?: unknown, hasAfter?: boolean, after?: unknown): unknown {
    if (!isChange) {
      if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return SKIP
      try {
        if (isProxy !== undefined && isProxy(target as object)) return SKIP
        const descriptor = getOwn(target, key)
        if (descriptor === undefined) return ABSENT
        return 'value' in descriptor ? descriptor.value : SKIP
      }
      catch {
        return SKIP
      }
    }
    // '#': a private field (the instrumenter never passes a public key that starts with it). Its
    // old value was read in place, so o() did not check for a counted call: checked here.
    const isPrivate = key.charCodeAt(0) === 35
    if (isPrivate && isInCountedCall !== undefined && isInCountedCall()) return undefined
    try {
      let current: unknown
      if (isPrivate) current = hasAfter ? after : value
      else {
        const descriptor = getOwn(target as object, key)
        // Not an own data property now (a setter took it, the object is frozen): nothing to show.
        if (descriptor === undefined || !('value' in descriptor)) return undefined
        current = descriptor.value
      }
      if (old !== ABSENT && is(old, current)) return undefined
      const slot = site & SITE_SLOT_MASK
      const isCapped = ++siteChanges[slot]! > perSite
      let instance = weakMapGet.call(instances, target as object) as number | undefined
      if (instance === undefined) {
        instance = nextInstance++
        weakMapSet.call(instances, target as object, instance)
      }
      const t = now.call(clock)
      if (ring.isRefusing) ring.push(STATE_UNTIMED, site, instance, 0)
      else ring.pushTimed(STATE_TIMED, site, instance, Math.round(t * 1e6))
      if (!budget.allows(t) && !isCapped) return undefined
      isBusy = true
      let ns = -1
      try {
        // A secret-looking key hides both values, as it would inside a preview.
        const isSecret = redactKeys.test(key)
        const shown = isCapped ? CAPPED : isSecret ? REDACTED : previewValue(current, limits)
        const json = old === ABSENT ? `[${shown}]` : `[${isSecret ? REDACTED : previewValue(old, limits)},${shown}]`
        ns = (now.call(clock) - t) * 1e6
        writer.write(ROLE_STATE, json, ns)
      }
      finally {
        isBusy = false
        if (ns < 0) ns = (now.call(clock) - t) * 1e6
        budget.spend(ns / 1e6)
        if (cost !== undefined) cost.previewNs = (cost.previewNs ?? 0) + ns
      }
    }
    catch {
      // Never into the app: the assignment itself has happened.
    }
    return undefined
  }

  // o and c are inlined around every assignment to `this` in recorded code: a counted call, a busy
  // or capped site leave at the first check, the rest is the slow path's.
  function o(site: number, target: unknown, key: string): unknown {
    if (isBusy || siteChanges[site & SITE_SLOT_MASK]! > perSite || (isInCountedCall !== undefined && isInCountedCall())) return SKIP
    return slow(false, site, target, key)
  }

  function c<T>(site: number, target: unknown, key: string, old: unknown, value: T, after?: unknown): T {
    // A private field's old value is read in place, so the cap is checked here too.
    if (old !== SKIP && !isBusy && siteChanges[site & SITE_SLOT_MASK]! <= perSite) slow(true, site, target, key, old, value, arguments.length > 5, after)
    return value
  }

  return { o, c }
}
