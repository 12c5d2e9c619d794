import type { LinkSink } from './link-records.ts'
import { noteOwnRecords } from './own-records.ts'
import { apply } from './patch.ts'

/*
 * The words of message records, as plain numbers for the same reason as link-records.ts (no codec
 * chunk shared with the browser runtime); `message-records.test.ts` checks them against the codec.
 */

/** `RecordKind.MessageSend`. */
export const MESSAGE_SEND = 13
/** `RecordKind.MessageReceive`. */
export const MESSAGE_RECEIVE = 14
/** `RecordFlag.Timed << 8`. */
export const FLAG_TIMED: number = 1 << 8
/** `RecordFlag.Upward << 8`: the message went from a worker to its parent. */
export const FLAG_UPWARD: number = 4 << 8

/** A clock in milliseconds since the thread's time origin (`performance`). */
export interface ProbeClock {
  now: () => number
}

/**
 * This thread's `performance.now`, the clock the recorder times calls with, so message times line
 * up with call times. Captured now, like the recorder's: fake timers or app code that replace
 * `performance.now` later are never called from a probe.
 */
export function threadClock(): ProbeClock | undefined {
  const perf = (globalThis as { performance?: ProbeClock }).performance
  const now = perf?.now
  return typeof now === 'function' ? { now: () => apply(now, perf, []) as number } : undefined
}

/** The time now in ns since the thread's time origin, or -1 when there is no clock or it fails. */
export function readClock(sink: LinkSink, clock: ProbeClock | undefined): number {
  if (clock === undefined) return -1
  try {
    return Math.round(clock.now() * 1e6)
  }
  catch {
    sink.faults++
    return -1
  }
}

/**
 * Writes one `MessageSend`/`MessageReceive` record: word 1 the channel (the worker's thread id),
 * word 2 the message's number in its direction, timed with `ns` (from `readClock`) when the ring
 * takes timed records, so the store can tell the latency; untimed otherwise (the collector then
 * places it at the time of the record before). Never throws: a failing ring costs the record.
 */
export function writeMessage(sink: LinkSink, kind: number, channel: number, number: number, isUpward: boolean, ns: number): void {
  const w0 = kind | (isUpward ? FLAG_UPWARD : 0)
  try {
    const ring = sink.ring
    const before = ring.nextSeq
    if (ns >= 0 && ring.pushTimed !== undefined) ring.pushTimed(w0 | FLAG_TIMED, channel | 0, number | 0, ns)
    else ring.push(w0, channel | 0, number | 0, 0)
    noteOwnRecords(sink, before)
  }
  catch {
    sink.faults++
  }
}
