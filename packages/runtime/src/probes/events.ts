/* eslint-disable ts/no-unsafe-function-type */
import type { Installation, RealmState } from './realm-state.ts'
import type { Restore } from './patch.ts'
import { writeEventOrigin } from './event-origin.ts'
import { LINK_EVENT, LINK_IN_END, LINK_MESSAGE, LINK_OUT, writeLink, writeLinkIn } from './link-records.ts'
import { apply, ownerOf, patchAccessor, patchMethod, shapedLike, withArgument } from './patch.ts'
import { nextToken } from './realm-state.ts'
import { writeWaitingReceipt } from './waiting-receipts.ts'

const weakMapGet = WeakMap.prototype.get
const weakMapSet = WeakMap.prototype.set

/** Listeners of these types are delivered messages (postMessage, WebSocket, EventSource): kind Message. */
function isMessageType(type: unknown): boolean {
  return type === 'message' || type === 'messageerror'
}

/**
 * Node's EventTarget emulation of EventEmitter registers these on itself; like EventEmitter
 * listeners they run synchronously inside the call that adds a listener, so the caller chain
 * already explains them.
 */
function isEmitterBookkeeping(type: unknown): boolean {
  return type === 'newListener' || type === 'removeListener'
}

/** What addEventListener accepts as a listener (anything else goes to the original untouched). */
function isListener(value: unknown): value is object {
  return typeof value === 'function' || (typeof value === 'object' && value !== null)
}

/**
 * Runs `callback` for one delivered event inside a `LinkIn` window. An event that the patched
 * `dispatchEvent` is dispatching links to it (kind Event, its token; the first listener writes the
 * LinkOut, so a dispatch nobody probed listens to writes nothing); any other comes from outside
 * the app (token 0). A wrapper that runs inside another one for the same event (Node implements
 * `onmessage` as a listener of its own) stays silent, so each delivery has one window.
 */
function linkedListener(state: RealmState, isMessage: boolean, callback: Function, receiver: object | undefined): Function {
  return function execscopeLink(this: unknown) {
    const self = receiver === undefined ? this : receiver
    const inst = state.current
    const event: unknown = arguments[0]
    // Node-style listeners (`port.on('message', fn)`) get the message data, not an event.
    const isEvent = typeof event === 'object' && event !== null
    if (inst === undefined || !inst.active || (isEvent && event === state.delivering)) return apply(callback, self, arguments)
    if (state.isReceiving) return runReceived(state, callback, self, arguments, isEvent ? event : undefined)
    let kind = isMessage ? LINK_MESSAGE : LINK_EVENT
    let token = 0
    const dispatch = state.dispatch
    if (dispatch !== undefined && isEvent && event === dispatch.event) {
      kind = LINK_EVENT
      if (dispatch.token === 0) {
        dispatch.token = nextToken(state)
        writeLink(inst, LINK_OUT, LINK_EVENT, dispatch.token)
      }
      token = dispatch.token
    }
    const outer = state.delivering
    const wasInMessageWindow = state.isInMessageWindow
    if (isEvent) state.delivering = event
    state.isInMessageWindow = kind === LINK_MESSAGE
    writeLinkIn(inst, kind, token)
    // A page↔worker message's receipt goes first in its window (see waiting-receipts.ts); a
    // user's input, what it was (`click` on `button#save`).
    if (isEvent && kind === LINK_MESSAGE) writeWaitingReceipt(state, inst, event)
    else if (isEvent && token === 0) writeEventOrigin(inst, event)
    try {
      return apply(callback, self, arguments)
    }
    finally {
      state.delivering = outer
      state.isInMessageWindow = wasInMessageWindow
      writeLink(inst, LINK_IN_END, kind, token)
    }
  }
}

/**
 * Runs one listener of a message delivery whose window a message probe opened (see
 * message-delivery.ts): no window of its own, so a delivery has one whatever the number of
 * listeners. Inside, the delivery mark is lifted, so what the listener itself dispatches links as
 * usual, and `delivering` keeps a wrapper nested in this one for the same event (Node's `onmessage`
 * is a listener of its own) silent too.
 */
function runReceived(state: RealmState, callback: Function, self: unknown, args: IArguments, event: object | undefined): unknown {
  const outer = state.delivering
  if (event !== undefined) state.delivering = event
  state.isReceiving = false
  try {
    return apply(callback, self, args)
  }
  finally {
    state.isReceiving = true
    state.delivering = outer
  }
}

/**
 * The one wrapper of `listener` for this kind, made on first use. A function gets a function; a
 * `handleEvent` object gets an object whose `handleEvent` getter reads the listener's own at each
 * dispatch, as the browser and Node do, and hands back a linked function calling it on the
 * listener (or the value itself when it is not callable, so the host fails or skips as before).
 */
function wrapperFor(state: RealmState, listener: object, isMessage: boolean): object {
  const wrappers = isMessage ? state.messageWrappers : state.eventWrappers
  let wrapper = apply(weakMapGet, wrappers, [listener]) as object | undefined
  if (wrapper !== undefined) return wrapper
  if (typeof listener === 'function') {
    wrapper = linkedListener(state, isMessage, listener, undefined)
  }
  else {
    wrapper = {
      get handleEvent(): unknown {
        const handleEvent = (listener as { handleEvent?: unknown }).handleEvent
        return typeof handleEvent === 'function' ? linkedListener(state, isMessage, handleEvent, listener) : handleEvent
      },
    }
  }
  apply(weakMapSet, wrappers, [listener, wrapper])
  apply(weakMapSet, state.originals, [wrapper, listener])
  return wrapper
}

/**
 * Patches `EventTarget.prototype`: `addEventListener` registers the listener's wrapper (options
 * untouched, never read), `removeEventListener` removes the wrapper (and the listener itself, in
 * case it was registered before the probes were installed), `dispatchEvent` links the listeners it
 * runs to the calling code. Node's EventEmitter is not patched: `emit` runs listeners
 * synchronously, so the caller chain already explains them.
 */
export function patchEvents(state: RealmState, inst: Installation): Restore[] {
  const restores: Restore[] = []
  const proto = (globalThis as { EventTarget?: { prototype?: object } }).EventTarget?.prototype

  const restoreAdd = patchMethod(proto, 'addEventListener', original => shapedLike(original, (self, args) => {
    const listener = args[1]
    const type = args[0]
    if (!inst.isRecording || !isListener(listener) || isEmitterBookkeeping(type)) return apply(original, self, args)
    return apply(original, self, withArgument(args, 1, wrapperFor(state, listener, isMessageType(type))))
  }))
  if (restoreAdd) restores.push(restoreAdd)

  const restoreRemove = patchMethod(proto, 'removeEventListener', original => shapedLike(original, (self, args) => {
    const listener = args[1]
    const wrapper = isListener(listener)
      ? apply(weakMapGet, isMessageType(args[0]) ? state.messageWrappers : state.eventWrappers, [listener]) as object | undefined
      : undefined
    if (wrapper === undefined) return apply(original, self, args)
    const result = apply(original, self, withArgument(args, 1, wrapper))
    // The listener may also be registered as itself (added before the probes were installed):
    // remove that too, unless the options are an object, whose getters would then run twice.
    const options = args[2]
    if (options === null || (typeof options !== 'object' && typeof options !== 'function')) apply(original, self, args)
    return result
  }))
  if (restoreRemove) restores.push(restoreRemove)

  const restoreDispatch = patchMethod(proto, 'dispatchEvent', original => shapedLike(original, (self, args) => {
    if (!inst.isRecording) return apply(original, self, args)
    const outer = state.dispatch
    state.dispatch = { event: args[0], token: 0 }
    try {
      return apply(original, self, args)
    }
    finally {
      state.dispatch = outer
    }
  }))
  if (restoreDispatch) restores.push(restoreDispatch)
  return restores
}

/**
 * Patches the `onmessage`/`onmessageerror` handler properties of Worker, MessagePort,
 * BroadcastChannel and the global scope (window, a worker's self): the handler assigned runs
 * inside a `LinkIn(Message, 0)` window, and reading the property gives back the handler the app
 * assigned. Message data is never read or changed. Pairing with the sender's thread is not done here.
 */
export function patchMessageHandlers(state: RealmState, inst: Installation): Restore[] {
  const restores: Restore[] = []
  const g = globalThis as unknown as Record<string, { prototype?: object } | undefined>
  const owners = new Set<object>()
  for (const name of ['MessagePort', 'BroadcastChannel', 'Worker']) {
    const proto = g[name]?.prototype
    if (typeof proto === 'object' && proto !== null) owners.add(proto)
  }
  for (const key of ['onmessage', 'onmessageerror']) {
    const keyOwners = new Set(owners)
    const globalOwner = ownerOf(globalThis, key)
    if (globalOwner) keyOwners.add(globalOwner)
    for (const owner of keyOwners) {
      const restore = patchAccessor(owner, key, (get, set) => ({
        get: (self) => {
          const value = apply(get, self, [])
          return typeof value === 'function' ? (apply(weakMapGet, state.originals, [value]) as unknown ?? value) : value
        },
        set: (self, args) => {
          const value = args[0]
          return apply(set, self, [inst.isRecording && typeof value === 'function' ? wrapperFor(state, value, true) : value])
        },
      }))
      if (restore) restores.push(restore)
    }
  }
  return restores
}
