/* eslint-disable ts/no-unsafe-function-type */
import type { Installation, RealmState, WaitingReceipt } from './realm-state.ts'
import { LINK_IN_END, LINK_MESSAGE, writeLink, writeLinkIn } from './link-records.ts'
import { MESSAGE_RECEIVE, readClock, writeMessage } from './message-records.ts'
import { apply } from './patch.ts'

/*
 * In a browser a message is handed to its listeners by the host, with no hook around the whole
 * delivery. So the probes' own listener, registered first on each endpoint, counts the message and
 * leaves its receipt waiting on the event; the first listener wrapper (events.ts) that opens a
 * `LinkIn(Message)` window for that event writes it there, first thing, as the store expects (see
 * message-rows.ts). A receipt no wrapper took (no listener, or only ones registered before the
 * probes) is written by a timer after the delivery, in a window of its own with no receiving call.
 */

const weakMapGet = WeakMap.prototype.get
const weakMapSet = WeakMap.prototype.set
// Captured at load: the probes' own timer is not a timer of the app's.
const setTimer = (globalThis as { setTimeout?: unknown }).setTimeout as Function | undefined

/** Whether a timer to write unclaimed receipts is pending. */
let isSettling = false

/** Leaves the receipt of `event` (delivered on `channel`, the `number`-th of its direction) waiting for its first listener window. */
export function awaitReceipt(state: RealmState, inst: Installation, event: object, channel: number, number: number, isUpward: boolean): void {
  const receipt: WaitingReceipt = { channel, number, isUpward, ns: readClock(inst, inst.clock), isWritten: false }
  apply(weakMapSet, state.receipts, [event, receipt])
  state.waitingReceipts.push(receipt)
  if (isSettling || typeof setTimer !== 'function') return
  isSettling = true
  try {
    apply(setTimer, globalThis, [() => {
      isSettling = false
      writeUnclaimed(state, inst)
    }, 0])
  }
  catch {
    isSettling = false
    inst.faults++
  }
}

/** Called by a listener wrapper right after it opened a `LinkIn(Message)` window for `event`: writes the event's receipt there, once. */
export function writeWaitingReceipt(state: RealmState, inst: Installation, event: object): void {
  const receipt = apply(weakMapGet, state.receipts, [event]) as WaitingReceipt | undefined
  if (receipt === undefined || receipt.isWritten) return
  receipt.isWritten = true
  writeMessage(inst, MESSAGE_RECEIVE, receipt.channel, receipt.number, receipt.isUpward, receipt.ns)
}

/** Writes each receipt no listener took, in a window of its own at its time of delivery. */
function writeUnclaimed(state: RealmState, inst: Installation): void {
  const receipts = state.waitingReceipts
  state.waitingReceipts = []
  if (!inst.isRecording) return
  for (const receipt of receipts) {
    if (receipt.isWritten) continue
    receipt.isWritten = true
    writeLinkIn(inst, LINK_MESSAGE, 0, receipt.ns)
    writeMessage(inst, MESSAGE_RECEIVE, receipt.channel, receipt.number, receipt.isUpward, receipt.ns)
    writeLink(inst, LINK_IN_END, LINK_MESSAGE, 0)
  }
}
