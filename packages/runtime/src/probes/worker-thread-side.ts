/* eslint-disable ts/no-unsafe-function-type */
import type { Installation, RealmState } from './realm-state.ts'
import type { ProbeClock } from './message-records.ts'
import type { Restore } from './patch.ts'
import { countsOf, messageReceived, messageSent, postTime } from './message-delivery.ts'
import { apply, ownerOf, patchMethod, shapedLike } from './patch.ts'

const { defineProperty, deleteProperty, get, getOwnPropertyDescriptor, getPrototypeOf } = Reflect

/**
 * The method through which Node's MessagePort hands a delivered message to its listeners:
 * `emitMessage` (lib/internal/per_context/messageport.js) calls `port[kHybridDispatch](data, type,
 * undefined)` for each message, once, whatever listeners (`on('message')`, `addEventListener`,
 * `onmessage`) the port has; `dispatchEvent(event)` calls it with the event as third argument. A
 * registered symbol, so it is reachable from here; absent elsewhere (then deliveries in the worker
 * are not counted, and its parent's messages stay unpaired).
 */
const HYBRID_DISPATCH = Symbol.for('nodejs.internal.kHybridDispatch')

/**
 * Worker → parent, posted: `postMessage` of the port's prototype (MessagePort's), recording only
 * when called on `port` itself, timed before and written once the original returned. Every other
 * MessagePort (those of a MessageChannel the app made) passes straight through: they are not a
 * parent↔worker channel.
 */
function patchPostMessage(state: RealmState, inst: Installation, clock: ProbeClock | undefined, port: object, channel: number): Restore | undefined {
  return patchMethod(ownerOf(port, 'postMessage'), 'postMessage', original => shapedLike(original, (self, args) => {
    if (self !== port) return apply(original, self, args)
    const ns = postTime(inst, clock)
    const result = apply(original, self, args)
    messageSent(inst, countsOf(state, port), channel, true, ns)
    return result
  }))
}

/**
 * Parent → worker, delivered: gives the port's prototype (MessagePort's, which inherits the
 * dispatch from EventTarget) an own `[kHybridDispatch]`, not enumerable, that runs the inherited
 * one in force at each call and, when called on `port` for a delivered message (third argument
 * undefined: not the app's own `dispatchEvent`), counts it and runs it inside the message's window
 * with its listener wrappers silenced (see `messageReceived`). The port itself keeps its own keys;
 * the restore deletes the shadow again. A port that is not started (no listener yet) is delivered
 * nothing, so nothing is counted until it is: Node queues the messages meanwhile, and the
 * numbering stays in step.
 */
function patchDispatch(state: RealmState, inst: Installation, clock: ProbeClock | undefined, port: object, channel: number): Restore | undefined {
  const proto: unknown = getPrototypeOf(port)
  if (typeof proto !== 'object' || proto === null || getOwnPropertyDescriptor(proto, HYBRID_DISPATCH) !== undefined) return undefined
  const base: unknown = getPrototypeOf(proto)
  const owner = typeof base === 'object' && base !== null ? ownerOf(base, HYBRID_DISPATCH) : undefined
  const inherited = owner ? getOwnPropertyDescriptor(owner, HYBRID_DISPATCH) : undefined
  if (typeof inherited?.value !== 'function') return undefined
  const wrapper = shapedLike(inherited.value as Function, (self, args) => {
    const dispatch = get(base as object, HYBRID_DISPATCH, self) as Function
    const type: unknown = args[1]
    if (self !== port || args[2] !== undefined || (type !== 'message' && type !== 'messageerror')) return apply(dispatch, self, args)
    return messageReceived(state, inst, clock, countsOf(state, port), channel, false, true, () => apply(dispatch, self, args))
  })
  if (!defineProperty(proto, HYBRID_DISPATCH, { value: wrapper, writable: true, enumerable: false, configurable: true })) return undefined
  return () => {
    if (getOwnPropertyDescriptor(proto, HYBRID_DISPATCH)?.value === wrapper) deleteProperty(proto, HYBRID_DISPATCH)
  }
}

/**
 * The worker's end of its channel to the parent, `parentPort`, channel = this thread's id:
 * messages it posts (direction up, flag Upward) and messages delivered to it (direction down).
 * Messages taken with `receiveMessageOnPort(parentPort)` bypass the dispatch and are not counted:
 * the later ones of that direction then pair with the wrong sends.
 */
export function patchWorkerThreadSide(state: RealmState, inst: Installation, clock: ProbeClock | undefined, port: unknown, channel: unknown): Restore[] {
  if (typeof port !== 'object' || port === null || typeof channel !== 'number' || !(channel > 0)) return []
  const restores: Restore[] = []
  const restorePost = patchPostMessage(state, inst, clock, port, channel)
  if (restorePost) restores.push(restorePost)
  const restoreDispatch = patchDispatch(state, inst, clock, port, channel)
  if (restoreDispatch) restores.push(restoreDispatch)
  return restores
}
