import type { Installation, MessageCounts, RealmState } from './realm-state.ts'
import type { ProbeClock } from './message-records.ts'
import { LINK_IN_END, LINK_MESSAGE, writeLink, writeLinkIn } from './link-records.ts'
import { MESSAGE_RECEIVE, MESSAGE_SEND, readClock, writeMessage } from './message-records.ts'
import { apply } from './patch.ts'

const weakMapGet = WeakMap.prototype.get
const weakMapSet = WeakMap.prototype.set

/*
 * How a parent↔worker message is numbered. Each end of a channel (a Worker object on the parent's
 * side, `parentPort` in the worker) counts what it posted and what it was delivered, from 1. A
 * channel delivers each direction in order, so the n-th message posted one way is the n-th
 * delivered at the other end, and the store pairs the two records by (session, channel, direction,
 * number). For that, both counts move whatever the recording does: a message posted or delivered
 * inside `withoutProbes` is counted and not written (the other end may still write its record).
 */

/** The counts of one endpoint, made on first use. */
export function countsOf(state: RealmState, endpoint: object): MessageCounts {
  let counts = apply(weakMapGet, state.messageCounts, [endpoint]) as MessageCounts | undefined
  if (counts === undefined) {
    counts = { sent: 0, received: 0 }
    apply(weakMapSet, state.messageCounts, [endpoint, counts])
  }
  return counts
}

/**
 * The time of a message about to be posted (-1: none), read before the original `postMessage`
 * runs: the other thread may take the message and run its listeners before `postMessage` returns,
 * and a send must not look later than its receipt.
 */
export function postTime(inst: Installation, clock: ProbeClock | undefined): number {
  return inst.isRecording ? readClock(inst, clock) : -1
}

/**
 * One message posted on `channel` at `ns` (from `postTime`) was accepted by the host: call it once
 * the original `postMessage` has returned (a message it could not clone threw and was never sent).
 * Counts it and writes its `MessageSend`; its cause is the call on top of the stack.
 */
export function messageSent(inst: Installation, counts: MessageCounts, channel: number, isUpward: boolean, ns: number): void {
  counts.sent = (counts.sent + 1) >>> 0
  if (inst.isRecording) writeMessage(inst, MESSAGE_SEND, channel, counts.sent, isUpward, ns)
}

/**
 * Runs `deliver` (the host handing one delivered message to its listeners, if any) after
 * counting the message and writing its `MessageReceive`, inside a `LinkIn(Message, 0)` window:
 * the receiving call is the effect of that window, the first call entered at the depth of the
 * `MessageReceive` before the window ends (none when no instrumented listener ran).
 *
 * When a listener wrapper already opened a Message window around this delivery (the parent's
 * side: Node re-emits the port's messages on the Worker from a listener of its own, which
 * events.ts wrapped), the record goes into that window. Otherwise this opens one, and with
 * `silenceListeners` (the listeners are wrapped by events.ts, as on a MessagePort) marks the
 * delivery so that their wrappers open none of their own: one window per delivered message, however
 * many listeners run.
 */
export function messageReceived<T>(state: RealmState, inst: Installation, clock: ProbeClock | undefined, counts: MessageCounts, channel: number, isUpward: boolean, silenceListeners: boolean, deliver: () => T): T {
  counts.received = (counts.received + 1) >>> 0
  if (!inst.isRecording) return deliver()
  if (state.isInMessageWindow) {
    writeMessage(inst, MESSAGE_RECEIVE, channel, counts.received, isUpward, readClock(inst, clock))
    return deliver()
  }
  const wasReceiving = state.isReceiving
  // One reading for both: the window opens as the message is received.
  const ns = readClock(inst, clock)
  writeLinkIn(inst, LINK_MESSAGE, 0, ns)
  writeMessage(inst, MESSAGE_RECEIVE, channel, counts.received, isUpward, ns)
  state.isInMessageWindow = true
  state.isReceiving = silenceListeners
  try {
    return deliver()
  }
  finally {
    state.isInMessageWindow = false
    state.isReceiving = wasReceiving
    writeLink(inst, LINK_IN_END, LINK_MESSAGE, 0)
  }
}
