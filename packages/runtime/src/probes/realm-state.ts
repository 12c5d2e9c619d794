import type { ProbeClock } from './message-records.ts'

/** The part of the thread's ring the probes use (`RingBuffer` has it). */
export interface RuntimeRing {
  push: (w0: number, site: number, payload: number, time: number) => boolean
  /**
   * Writes a record whose word 3 is the time `ns` since the thread's time origin, with the clock
   * anchor it needs (`RingBuffer` has it). Without it, message records go untimed.
   */
  pushTimed?: (w0: number, site: number, payload: number, ns: number) => boolean
  /**
   * Records written and not drained yet. When the ring has it, a callback scheduled while it is 0
   * is not linked (see `isWorthLinking`).
   */
  readonly pending?: number
  /** The sequence number the next record gets (with `pending`, tells whether anything was drained yet). */
  readonly nextSeq?: number
}

/** What a dispatch through the patched `dispatchEvent` tells the listeners it runs. */
export interface DispatchContext {
  readonly event: unknown
  /** 0 until the first probed listener runs, which writes the LinkOut (see events.ts). */
  token: number
}

/** One `installProbes` call, until its uninstall. */
export interface Installation {
  readonly ring: RuntimeRing
  /** Cleared by uninstall: wrappers made earlier then call through without recording. */
  active: boolean
  /** Depth of `withoutProbes` calls. */
  paused: number
  /** `active && paused === 0`: patched APIs wrap callbacks only then. */
  isRecording: boolean
  /** Record writes that threw. */
  faults: number
  /** This thread's clock (`threadClock`), captured at install: callbacks' `LinkIn` records are timed with it. */
  readonly clock?: ProbeClock
  /** The runtime's `isInCountedCall` (ProbeOptions), when it counts hot calls. */
  readonly isInCountedCall?: () => boolean
  /** See LinkSink: where the probes' own last run of records ends, and its length. */
  ownEnd?: number
  ownRun?: number
  readonly uninstall: () => void
}

/**
 * Per realm (page, worker, Node thread), kept on `globalThis` so that two copies of this module
 * in one realm still patch once, share one token sequence and find each other's listener wrappers.
 */
export interface RealmState {
  current: Installation | undefined
  /** Last token handed out; tokens are unsigned 32-bit, never 0, wrapping. */
  lastToken: number
  /**
   * One wrapper per listener (and per Event/Message kind), reused by every registration: the
   * browser's own (type, callback, capture) deduplication and `removeEventListener` then work on
   * the wrapper exactly as they did on the listener. Kept across installs so a listener added under
   * one install is still removed under the next.
   */
  readonly eventWrappers: WeakMap<object, object>
  readonly messageWrappers: WeakMap<object, object>
  /** Wrapper → listener, so `onmessage` reads back what the app assigned. */
  readonly originals: WeakMap<object, object>
  /** The innermost patched `dispatchEvent` running, if any. */
  dispatch: DispatchContext | undefined
  /** The event a probed listener is delivering, so a wrapper nested in it for that event stays silent. */
  delivering: object | undefined
  /**
   * Messages counted per endpoint (a Worker, or this worker thread's parentPort), so that both
   * sides number a channel's messages alike (see worker-messages.ts).
   */
  readonly messageCounts: WeakMap<object, MessageCounts>
  /**
   * Whether the innermost probe window running now is a `LinkIn(Message)` one: a message probe
   * that counts a delivery inside it writes its MessageReceive there instead of opening another.
   */
  isInMessageWindow: boolean
  /**
   * Set while a message probe runs a delivery it opened the window for: the listener wrappers the
   * host calls for it run inside that window and open none of their own (see events.ts).
   */
  isReceiving: boolean
  /**
   * In browsers, the receipt of each message delivered on a page↔worker channel, by its event,
   * until the first listener window of that event writes it (see browser-workers.ts).
   */
  readonly receipts: WeakMap<object, WaitingReceipt>
  /** Those receipts in the order they came, until written; a timer writes the ones no listener took. */
  waitingReceipts: WaitingReceipt[]
}

/** A `MessageReceive` to write in the first `LinkIn(Message)` window of its delivery. */
export interface WaitingReceipt {
  readonly channel: number
  readonly number: number
  readonly isUpward: boolean
  /** When it was delivered (ns since the thread's time origin; -1: no clock). */
  readonly ns: number
  isWritten: boolean
}

/** Messages one endpoint of a parent↔worker channel has posted and has been delivered. */
export interface MessageCounts {
  sent: number
  received: number
}

const STATE_KEY = Symbol.for('execscope.probes')

/** This realm's probe state, created on first use. */
export function realmState(): RealmState {
  const g = globalThis as unknown as Record<symbol, RealmState | undefined>
  let state = g[STATE_KEY]
  if (state === undefined) {
    state = {
      current: undefined,
      lastToken: 0,
      eventWrappers: new WeakMap(),
      messageWrappers: new WeakMap(),
      originals: new WeakMap(),
      dispatch: undefined,
      delivering: undefined,
      messageCounts: new WeakMap(),
      isInMessageWindow: false,
      isReceiving: false,
      receipts: new WeakMap(),
      waitingReceipts: [],
    }
    // Not enumerable, so the probes' state does not show up in `for (k in globalThis)`.
    Object.defineProperty(g, STATE_KEY, { value: state, configurable: true, writable: true, enumerable: false })
  }
  // Made by an older copy of the probes in this realm: the fields added since are made here.
  else if (state.receipts === undefined) {
    (state as { receipts: RealmState['receipts'] }).receipts = new WeakMap()
    state.waitingReceipts = []
  }
  return state
}

/**
 * Whether a LinkOut written now can have a cause. The cause is the instrumented call on top of the
 * stack, and that call's Enter record is still in the ring unless a drain took it since; so an
 * empty ring means top level (or a drain inside the call, which only an app calling `flush()`
 * does), where the collector stores no link anyway. Skipping these also keeps the runtime's own
 * transport from feeding itself: its `fetch` and `.catch` (and in Node the fetch implementation's
 * own timers and reactions) run after a drain, and would otherwise leave records that call for
 * another batch, and so on forever. Likewise when every pending record is the probes' own (see
 * own-records.ts): links alone mean no instrumented call runs (a process that loads no
 * instrumented code linked every timer and reaction of its own once a single record was pending).
 *
 * Nor inside a counted call (a hot, short function the runtime counts instead of recording): it
 * has no Enter record to be the cause, and a hot loop that schedules a timer or a reaction on every
 * call (a debounced function, an async utility) would write a record, and wrap a callback, each
 * time: es-toolkit's debounce tests filled the ring with them and lost 356 000 records.
 */
export function isWorthLinking(inst: Installation): boolean {
  try {
    if (inst.isInCountedCall !== undefined && inst.isInCountedCall()) return false
    const pending = inst.ring.pending
    if (pending === 0) return false
    // What is pending is all the probes' own (nothing else written since): no call's Enter.
    return !(pending !== undefined && inst.ring.nextSeq === inst.ownEnd && pending <= (inst.ownRun ?? 0))
  }
  catch {
    return true
  }
}

/** The next link token of this thread: unsigned 32-bit, never 0, wrapping. */
export function nextToken(state: RealmState): number {
  const t = (state.lastToken + 1) >>> 0
  return (state.lastToken = t === 0 ? 1 : t)
}
