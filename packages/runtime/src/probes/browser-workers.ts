/* eslint-disable ts/no-unsafe-function-type */
import type { Installation, MessageCounts, RealmState } from './realm-state.ts'
import type { Restore } from './patch.ts'
import { withoutProbes } from './install-probes.ts'
import { countsOf, messageSent, postTime } from './message-delivery.ts'
import { apply, ownerOf, patchMethod, shapedLike } from './patch.ts'
import { awaitReceipt } from './waiting-receipts.ts'

/*
 * Messages between a page and the Web Workers it starts (and between a worker and its own
 * workers), numbered per channel and direction like Node's (see message-delivery.ts), and the
 * worker's recording joined to its page's session, so the store pairs both sides.
 *
 * The handshake. A browser gives a worker nothing of its page before its script runs, so a
 * worker's runtime starts in a session of its own. Its probes then post one control message to the
 * page, `{ 'execscope:join': 'request' }`; the page's probes, whose listener on the Worker runs
 * before any of the app's, keep it from the app and answer `{ 'execscope:join': { session,
 * thread } }`: the page's session id and the worker's thread id, which is also the channel's
 * number. The worker's probes keep that answer from its app too, and, if no batch has left the
 * worker yet, change the identity its batches carry; the runtime ships every 200 ms by default, so a
 * page that answers within that joins. A worker that never hears back (an uninstrumented page, or
 * one busy for longer) stays a session of its own, unpaired. A worker whose page has no probes
 * does see the request arrive as a message of the page's app; both are built by the same plugin
 * with the same options, so that takes an uninstrumented page starting an instrumented worker.
 *
 * Channel numbers: the worker side cannot know its channel until the answer comes, so it writes
 * channel 0, "the channel to my parent", which the store reads as the thread's own id.
 */

/** The key of both control messages. */
const JOIN_KEY = 'execscope:join'

/** The runtime's side of a thread's identity (the browser runtime's `InstalledRuntime`). */
export interface JoinableThread {
  /** The session id, 32 hex digits; updated when a worker joins its page's session. */
  sessionId: string
  /** What the thread's batches carry; absent when the runtime did not start. */
  readonly identity?: { sessionId: Uint8Array, threadId: number }
}

const { construct, defineProperty, getOwnPropertyDescriptor, getPrototypeOf } = Reflect
const hasOwn = Object.prototype.hasOwnProperty
const weakMapGet = WeakMap.prototype.get
const weakMapSet = WeakMap.prototype.set
const SESSION_RE = /^[0-9a-f]{32}$/
const eventProto = (globalThis as { Event?: { prototype?: object } }).Event?.prototype
const stopImmediate = eventProto ? getOwnPropertyDescriptor(eventProto, 'stopImmediatePropagation')?.value as Function | undefined : undefined
const messageEventProto = (globalThis as { MessageEvent?: { prototype?: object } }).MessageEvent?.prototype
const dataOf = messageEventProto ? getOwnPropertyDescriptor(messageEventProto, 'data')?.get : undefined

/** The control message in `event`, if it is one: read from the message data, a structured clone (data properties only). */
function controlOf(event: unknown): unknown {
  if (typeof event !== 'object' || event === null || dataOf === undefined) return undefined
  try {
    const data: unknown = apply(dataOf, event, [])
    if (typeof data !== 'object' || data === null || getPrototypeOf(data) !== Object.prototype || !apply(hasOwn, data, [JOIN_KEY])) return undefined
    return getOwnPropertyDescriptor(data, JOIN_KEY)?.value
  }
  catch {
    return undefined
  }
}

/** Keeps a control message from the app's listeners (ours is registered first). */
function swallow(event: object): void {
  if (stopImmediate !== undefined) apply(stopImmediate, event, [])
}

/** Adds the probes' own `message`/`messageerror` listener to `target`, unwrapped. */
function listen(target: object, listener: (event: object) => void): void {
  const add = (target as { addEventListener?: unknown }).addEventListener
  if (typeof add !== 'function') return
  withoutProbes(() => {
    apply(add, target, ['message', listener])
    apply(add, target, ['messageerror', listener])
  })
}

/** Counts one message delivered at an endpoint and leaves its receipt for the first listener window. */
function delivered(state: RealmState, inst: Installation, counts: MessageCounts, event: object, channel: number, isUpward: boolean): void {
  counts.received = (counts.received + 1) >>> 0
  if (inst.isRecording) awaitReceipt(state, inst, event, channel, counts.received, isUpward)
}

/**
 * The page's end (or a worker's, for the workers it starts): `Worker` becomes a Proxy whose
 * `construct` gives each new worker a channel and the probes' listener, first of all; `new`,
 * `instanceof`, `extends` and `Worker.prototype` behave as before (`Worker.prototype.constructor`
 * is the Proxy while installed). `Worker.prototype.postMessage` writes the sends on the channel.
 */
function patchWorkerParentSide(state: RealmState, inst: Installation, thread: JoinableThread, isWorkerScope: boolean): Restore[] {
  const g = globalThis as unknown as Record<string, unknown>
  const Worker = g.Worker
  const proto = typeof Worker === 'function' ? (Worker as { prototype?: unknown }).prototype : undefined
  if (typeof proto !== 'object' || proto === null) return []
  const globalDesc = getOwnPropertyDescriptor(globalThis, 'Worker')
  const ctorDesc = getOwnPropertyDescriptor(proto, 'constructor')
  if (!globalDesc || !('value' in globalDesc) || !ctorDesc || ctorDesc.value !== Worker) return []
  const channels = new WeakMap<object, number>()
  let original: Function | undefined
  let lastChannel = 0
  // A page numbers its workers 1, 2, …; a worker cannot know which numbers its page gave, so its
  // own workers get random ones above 2^30.
  const nextChannel = (): number => isWorkerScope ? ((Math.random() * 0x3FFFFFFF) | 0x40000000) >>> 0 : ++lastChannel

  const restorePost = patchMethod(proto, 'postMessage', (post) => {
    original = post
    return shapedLike(post, (self, args) => {
      const ns = postTime(inst, inst.clock)
      const result = apply(post, self, args)
      const channel = typeof self === 'object' && self !== null ? apply(weakMapGet, channels, [self]) as number | undefined : undefined
      if (channel !== undefined) messageSent(inst, countsOf(state, self as object), channel, false, ns)
      return result
    })
  })
  if (!restorePost) return []

  const adopt = (worker: object): void => {
    const channel = nextChannel()
    apply(weakMapSet, channels, [worker, channel])
    const counts = countsOf(state, worker)
    listen(worker, (event) => {
      if (controlOf(event) === 'request') {
        swallow(event)
        const answer = { [JOIN_KEY]: { session: thread.sessionId, thread: channel } }
        try {
          apply(original!, worker, [answer])
        }
        catch {
          inst.faults++
        }
        return
      }
      delivered(state, inst, counts, event, channel, true)
    })
  }
  const proxy = new Proxy(Worker as Function, {
    construct(target, args, newTarget) {
      const worker = construct(target, args, newTarget) as object
      if (inst.active) {
        try {
          adopt(worker)
        }
        catch {
          inst.faults++
        }
      }
      return worker
    },
  })
  defineProperty(globalThis, 'Worker', { ...globalDesc, value: proxy })
  defineProperty(proto, 'constructor', { ...ctorDesc, value: proxy })
  return [restorePost, () => {
    if (getOwnPropertyDescriptor(globalThis, 'Worker')?.value === proxy) defineProperty(globalThis, 'Worker', globalDesc)
    if (getOwnPropertyDescriptor(proto, 'constructor')?.value === proxy) defineProperty(proto, 'constructor', ctorDesc)
  }]
}

/** Whether `identity`'s thread has sent nothing yet: no record was taken from its ring. */
function hasShippedNothing(inst: Installation): boolean {
  const { nextSeq, pending } = inst.ring
  return typeof nextSeq === 'number' && typeof pending === 'number' && ((nextSeq - pending) | 0) === 0
}

/** Takes the page's answer: the worker's batches carry the page's session and the thread id it gave. */
function join(inst: Installation, thread: JoinableThread, answer: unknown): void {
  if (typeof answer !== 'object' || answer === null) return
  const session = getOwnPropertyDescriptor(answer, 'session')?.value as unknown
  const id = getOwnPropertyDescriptor(answer, 'thread')?.value as unknown
  const identity = thread.identity
  if (identity === undefined || typeof session !== 'string' || !SESSION_RE.test(session) || typeof id !== 'number' || !(id > 0) || id > 0xFFFFFFFF || !hasShippedNothing(inst)) return
  const bytes = new Uint8Array(16)
  for (let i = 0; i < 16; i++) bytes[i] = Number.parseInt(session.slice(i * 2, i * 2 + 2), 16)
  identity.sessionId = bytes
  identity.threadId = id >>> 0
  thread.sessionId = session
}

/**
 * A dedicated worker's end of the channel to its parent: `postMessage` of the global scope writes
 * the sends (direction up), the probes' listener on the global scope counts the deliveries and
 * takes the parent's answer to the join request, which it posts now.
 */
function patchWorkerScopeSide(state: RealmState, inst: Installation, thread: JoinableThread): Restore[] {
  const scope = globalThis as unknown as object
  const owner = ownerOf(scope, 'postMessage')
  let post: Function | undefined
  const restorePost = patchMethod(owner, 'postMessage', (original) => {
    post = original
    return shapedLike(original, (self, args) => {
      if (self !== scope && self !== undefined) return apply(original, self, args)
      const ns = postTime(inst, inst.clock)
      const result = apply(original, self, args)
      messageSent(inst, countsOf(state, scope), 0, true, ns)
      return result
    })
  })
  if (!restorePost) return []
  const counts = countsOf(state, scope)
  let isJoined = false
  listen(scope, (event) => {
    const control = controlOf(event)
    if (control !== undefined && !isJoined) {
      isJoined = true
      swallow(event)
      join(inst, thread, control)
      return
    }
    delivered(state, inst, counts, event, 0, false)
  })
  try {
    apply(post!, scope, [{ [JOIN_KEY]: 'request' }])
  }
  catch {
    inst.faults++
  }
  return [restorePost]
}

/**
 * Probes for Web Worker messages in this realm: the parent's end for every worker it starts from
 * now on, and in a dedicated worker the end toward its parent, with the join to its page's session.
 * `thread` is this realm's runtime. Outside browsers (no `Worker` with an `EventTarget`
 * `postMessage` on the page side, no `DedicatedWorkerGlobalScope`) this patches nothing.
 */
export function patchBrowserWorkers(state: RealmState, inst: Installation, thread: JoinableThread): Restore[] {
  const g = globalThis as unknown as Record<string, unknown>
  const Scope = g.DedicatedWorkerGlobalScope
  const isWorkerScope = typeof Scope === 'function' && globalThis instanceof (Scope as new () => object)
  if (typeof g.EventTarget !== 'function' || typeof g.MessageEvent !== 'function') return []
  const restores = patchWorkerParentSide(state, inst, thread, isWorkerScope)
  if (isWorkerScope) restores.push(...patchWorkerScopeSide(state, inst, thread))
  return restores
}
