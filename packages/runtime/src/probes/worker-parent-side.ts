/* eslint-disable ts/no-unsafe-function-type */
import type { Installation, RealmState } from './realm-state.ts'
import type { ProbeClock } from './message-records.ts'
import type { Restore } from './patch.ts'
import { countsOf, messageReceived, messageSent, postTime } from './message-delivery.ts'
import { apply, ownerOf, patchMethod, shapedLike } from './patch.ts'

const { defineProperty, deleteProperty, get, getOwnPropertyDescriptor, getPrototypeOf } = Reflect

/**
 * The channel of a Worker: its thread id through Node's own getter, or 0 when its messages are not
 * numbered: not a Worker, exited (Node then says -1), or one of Node's own.
 */
type ChannelOf = (worker: object) => number

const hasOwn = Object.prototype.hasOwnProperty

/**
 * Node's own workers, such as the thread that runs `module.register()` loader hooks, are
 * `InternalWorker`s: a subclass whose prototype adds `receiveMessageSync`. Their messages are
 * Node's requests, not the app's (and the other end records nothing).
 */
function isNodeInternal(worker: object, proto: object): boolean {
  for (let o: unknown = getPrototypeOf(worker); typeof o === 'object' && o !== null && o !== proto; o = getPrototypeOf(o)) {
    if (apply(hasOwn, o, ['receiveMessageSync'])) return true
  }
  return false
}

function channelReader(proto: object): ChannelOf | undefined {
  const getter = getOwnPropertyDescriptor(proto, 'threadId')?.get
  if (typeof getter !== 'function') return undefined
  // The getter captured now, so a subclass or the app redefining `threadId` runs no code of theirs here.
  return (worker) => {
    try {
      const id: unknown = apply(getter, worker, [])
      return typeof id === 'number' && id > 0 && !isNodeInternal(worker, proto) ? id : 0
    }
    catch {
      return 0
    }
  }
}

/**
 * Parent → worker: `Worker.prototype.postMessage` writes `MessageSend` on channel `worker.threadId`,
 * timed before and written once the original returned (a message that fails to clone throws and is
 * not sent; a worker that has exited drops it silently and says thread id -1, so it is not
 * numbered either).
 */
function patchPostMessage(state: RealmState, inst: Installation, clock: ProbeClock | undefined, proto: object, channelOf: ChannelOf): Restore | undefined {
  return patchMethod(proto, 'postMessage', original => shapedLike(original, (self, args) => {
    const ns = postTime(inst, clock)
    const result = apply(original, self, args)
    if (typeof self === 'object' && self !== null) {
      const channel = channelOf(self)
      if (channel !== 0) messageSent(inst, countsOf(state, self), channel, false, ns)
    }
    return result
  }))
}

/**
 * Worker → parent, delivered: Node hands each message from the worker to the Worker object as one
 * `emit('message', data)` (`'messageerror'` when it could not be deserialized), whether or not
 * anyone listens, from a listener of its own on an internal port. So `emit` is where each delivery
 * is counted exactly once. Worker.prototype has no `emit` of its own (it inherits EventEmitter's):
 * this gives it one that calls the inherited `emit` in force at each call (so a later spy on
 * `EventEmitter.prototype.emit` still sees Worker events), and the restore deletes it again. A
 * Node whose Worker.prototype does own an `emit` gets that one patched instead.
 */
function patchEmit(state: RealmState, inst: Installation, clock: ProbeClock | undefined, proto: object, channelOf: ChannelOf): Restore | undefined {
  const body = (emitOf: (self: unknown) => unknown) => (self: unknown, args: IArguments): unknown => {
    const emit = emitOf(self)
    const type: unknown = args[0]
    if ((type !== 'message' && type !== 'messageerror') || typeof self !== 'object' || self === null) return apply(emit as Function, self, args)
    const channel = channelOf(self)
    if (channel === 0) return apply(emit as Function, self, args)
    return messageReceived(state, inst, clock, countsOf(state, self), channel, true, false, () => apply(emit as Function, self, args))
  }
  if (getOwnPropertyDescriptor(proto, 'emit') !== undefined) return patchMethod(proto, 'emit', original => shapedLike(original, body(() => original)))

  const base: unknown = getPrototypeOf(proto)
  const inherited = typeof base === 'object' && base !== null ? getOwnPropertyDescriptor(ownerOf(base, 'emit') ?? {}, 'emit') : undefined
  if (typeof inherited?.value !== 'function') return undefined
  const wrapper = shapedLike(inherited.value as Function, body(self => get(base as object, 'emit', self)))
  if (!defineProperty(proto, 'emit', { value: wrapper, writable: inherited.writable ?? true, enumerable: inherited.enumerable ?? false, configurable: true })) return undefined
  return () => {
    if (getOwnPropertyDescriptor(proto, 'emit')?.value === wrapper) deleteProperty(proto, 'emit')
  }
}

/**
 * The parent's end of every parent↔worker channel of this thread: messages posted to a Worker
 * (channel = its thread id, direction down) and delivered from it (direction up, flag Upward).
 * Returns the restores of the patches made; none when `Worker` is not Node's (no `threadId` getter).
 */
export function patchWorkerParentSide(state: RealmState, inst: Installation, clock: ProbeClock | undefined, Worker: { readonly prototype?: unknown } | undefined): Restore[] {
  const proto = Worker?.prototype
  if (typeof proto !== 'object' || proto === null) return []
  const channelOf = channelReader(proto)
  if (channelOf === undefined) return []
  const restores: Restore[] = []
  const restorePost = patchPostMessage(state, inst, clock, proto, channelOf)
  if (restorePost) restores.push(restorePost)
  const restoreEmit = patchEmit(state, inst, clock, proto, channelOf)
  if (restoreEmit) restores.push(restoreEmit)
  return restores
}
