import type { Installation, RealmState, RuntimeRing } from './realm-state.ts'
import type { Restore } from './patch.ts'
import type { JoinableThread } from './browser-workers.ts'
import { patchEvents, patchMessageHandlers } from './events.ts'
import { patchPromises } from './promises.ts'
import { threadClock } from './message-records.ts'
import { realmState } from './realm-state.ts'
import { patchTimers } from './timers.ts'

export type { RuntimeRing } from './realm-state.ts'

/** Which probes `installProbes` puts in; each defaults to true. */
export interface ProbeOptions {
  /**
   * `setTimeout`, `setInterval`, `setImmediate`, `queueMicrotask`, `process.nextTick`,
   * `requestAnimationFrame`, `requestIdleCallback` (kind Timer). @default true
   */
  timers?: boolean
  /** `Promise.prototype.then`, and so `catch` and `finally` (kind Promise). @default true */
  promises?: boolean
  /** Reactions on promises from `fetch` and those derived from them get kind Fetch (needs `promises`). @default true */
  fetch?: boolean
  /** `EventTarget.prototype.addEventListener`/`removeEventListener`/`dispatchEvent` (kind Event; `message` listeners kind Message). @default true */
  events?: boolean
  /** `onmessage`/`onmessageerror` of Worker, MessagePort, BroadcastChannel and the global scope (kind Message). @default true */
  messages?: boolean
  /**
   * Node only, with `@execscope/runtime/probes-node`: messages between this thread and its worker
   * threads, `Worker#postMessage` and the Worker's `'message'` events, and in a worker
   * `parentPort.postMessage` and the messages delivered to `parentPort` (MessageSend/MessageReceive
   * records, paired by the store across threads; each delivery runs in one `LinkIn(Message)`
   * window). @default true
   */
  workerMessages?: boolean
  /**
   * The runtime's check for a counted call (`recorder.calls.isInCountedCall`, when it counts hot
   * calls): timers and promise reactions scheduled inside one are not linked (see `isWorthLinking`).
   */
  isInCountedCall?: () => boolean
  /**
   * Browsers, with `@execscope/runtime/probes`: this realm's runtime (what `install` returned).
   * With it, messages between a page and its Web Workers are recorded and paired like Node's, and a
   * worker joins its page's session (see browser-workers.ts); `workerMessages: false` turns that off.
   */
  thread?: JoinableThread
}

/** A probe of one host's own APIs (Node's worker_threads), which the host's entry adds. */
export type HostProbe = (state: RealmState, inst: Installation) => Restore[]

/**
 * Patches this realm's scheduling APIs so that causal links go into `ring`: the call that
 * schedules a callback writes `LinkOut(kind, token)`, and the callback runs between
 * `LinkIn(kind, token)` and `LinkIn|LinkEnd(kind, token)`. Idempotent per realm: while probes
 * are installed, another call changes nothing and returns the same uninstall. The uninstall puts
 * every original back (where nobody replaced our function since) and stops recording in wrappers
 * already handed out. Never throws.
 * @example
 * const rt = install(config)
 * if (rt.recorder) installProbes(rt.recorder.ring)
 */
export function installProbes(ring: RuntimeRing, options: ProbeOptions = {}, hostProbes: readonly HostProbe[] = []): () => void {
  try {
    const state = realmState()
    if (state.current !== undefined) return state.current.uninstall
    const restores: Restore[] = []
    const inst: Installation = {
      ring,
      clock: threadClock(),
      active: true,
      paused: 0,
      isRecording: true,
      faults: 0,
      isInCountedCall: options.isInCountedCall,
      uninstall: () => {
        if (!inst.active) return
        inst.active = false
        inst.isRecording = false
        if (state.current === inst) state.current = undefined
        for (const restore of restores.splice(0).reverse()) {
          try {
            restore()
          }
          catch {}
        }
      },
    }
    state.current = inst
    try {
      if (options.timers !== false) restores.push(...patchTimers(state, inst))
      if (options.promises !== false) restores.push(...patchPromises(state, inst, { fetch: options.fetch !== false }))
      if (options.events !== false) restores.push(...patchEvents(state, inst))
      if (options.messages !== false) restores.push(...patchMessageHandlers(state, inst))
      for (const probe of hostProbes) restores.push(...probe(state, inst))
    }
    catch {
      // A host that refuses a patch halfway: leave it as it was rather than half-probed.
      inst.uninstall()
      return () => {}
    }
    return inst.uninstall
  }
  catch {
    return () => {}
  }
}

/**
 * Runs `fn` with the probes paused: what it schedules, registers or dispatches reaches the original
 * APIs unwrapped and links nothing (only the synchronous part: callbacks it scheduled run as they
 * would without probes). For runtime or tooling code that must not show up as app causality.
 * Returns what `fn` returns.
 */
export function withoutProbes<T>(fn: () => T): T {
  const inst = realmState().current
  if (inst === undefined) return fn()
  inst.paused++
  inst.isRecording = false
  try {
    return fn()
  }
  finally {
    inst.paused--
    inst.isRecording = inst.active && inst.paused === 0
  }
}
