import type { EffectWindow } from './thread-state.ts'
import { LinkKind } from '@execscope/core'

/**
 * One side of a message between a thread and a worker thread it started, as its `MessageSend` or
 * `MessageReceive` record said; `ts` is ns since the thread's time origin. The store pairs the two
 * sides across threads by session, channel, direction and number (the `message_pairs` view).
 */
export interface MessageSideRow {
  /** The receiving side (a `MessageReceive`) rather than the sending side. */
  isReceive: boolean
  /**
   * The call that posted it (on top of the stack), or that received it (the effect of the window
   * its receipt was written in); null for none.
   */
  callId: number | null
  ts: number
  /** The channel: the worker's thread id. */
  channel: number
  /** It went from the worker to its parent (flag `Upward`). */
  isUpward: boolean
  /** Its number on the channel in its direction, from 1. */
  number: number
}

/** The `message_direction` SQL enum, indexed by `isUpward` as a number. */
export const MESSAGE_DIRECTIONS: readonly string[] = ['down', 'up']

/**
 * A receipt waiting in its window for the call that receives it. Never changed once made: clones
 * of a thread state share it.
 */
export type PendingReceipt = Omit<MessageSideRow, 'isReceive' | 'callId'>

/**
 * The rule for the receiving call of a `MessageReceive`: the runtime writes it first thing in the
 * `LinkIn(Message)` window of the delivery, so it is the effect of the innermost open window when
 * that window is of kind Message, was opened at the current stack depth, is not filled yet and holds
 * no other receipt; then the receipt waits in it (across batches too) and becomes a row when the
 * window is filled (`receiptRow`) or ends without an effect (`settleReceipts`). Otherwise there is
 * no receiving call, and the row is made now.
 */
export function receive(windows: EffectWindow[], depth: number, receipt: PendingReceipt, out: MessageSideRow[]): void {
  const window = windows.length > 0 ? windows[windows.length - 1]! : undefined
  if (window !== undefined && window.kind === LinkKind.Message && window.depth === depth && !window.isFilled && window.receipt === undefined) window.receipt = receipt
  else out.push(receiptRow(receipt, null))
}

/** The row of a receipt and its receiving call. */
export function receiptRow(receipt: PendingReceipt, callId: number | null): MessageSideRow {
  return { isReceive: true, callId, ts: receipt.ts, channel: receipt.channel, isUpward: receipt.isUpward, number: receipt.number }
}

/** Windows `from` onwards are ending (or given up) without an effect: their receipts become rows with no receiving call. */
export function settleReceipts(windows: readonly EffectWindow[], from: number, out: MessageSideRow[]): void {
  for (let w = from; w < windows.length; w++) {
    const receipt = windows[w]!.receipt
    if (receipt !== undefined) out.push(receiptRow(receipt, null))
  }
}
