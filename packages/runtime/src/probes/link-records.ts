import type { ProbeClock } from './message-records.ts'
import type { RuntimeRing } from './realm-state.ts'
import { FLAG_TIMED, readClock } from './message-records.ts'
import { noteOwnRecords } from './own-records.ts'

/*
 * The record words the probes write, as plain numbers: importing them from @execscope/core/codec
 * would make the bundler share a codec chunk between this entry and dist/browser.js and change the
 * browser runtime's output. `link-records.test.ts` checks them against the codec.
 */

/** `RecordKind.LinkOut` (word 0, no flags). */
export const LINK_OUT = 8
/** `RecordKind.LinkIn` (word 0, no flags): the callback is about to run. */
export const LINK_IN = 9
/** `RecordKind.LinkIn | RecordFlag.LinkEnd << 8`: the callback has returned or thrown. */
export const LINK_IN_END: number = 9 | (2 << 8)

/** `LinkKind` values (word 1 of link records). */
export const LINK_PROMISE = 1
export const LINK_TIMER = 2
export const LINK_EVENT = 3
export const LINK_FETCH = 4
export const LINK_MESSAGE = 5

/** What a probe needs to write: the ring, and a count of writes that threw. */
export interface LinkSink {
  readonly ring: RuntimeRing
  faults: number
  /** The thread's clock (see message-records.ts's `threadClock`), for the records that are timed. */
  readonly clock?: ProbeClock
  /**
   * The ring's `nextSeq` after the probes' last record, and how many records the probes wrote in
   * a row up to it (see `noteOwnRecords`, `isWorthLinking`). Absent when nothing tracks them.
   */
  ownEnd?: number
  ownRun?: number
}

/**
 * Writes one link record, untimed. Never throws: a ring that throws costs the record, never the
 * app's call. The token goes in as an int32 so the ring's hot `push` keeps seeing small integers.
 */
export function writeLink(sink: LinkSink, w0: number, kind: number, token: number): void {
  try {
    const before = sink.ring.nextSeq
    sink.ring.push(w0, kind, token | 0, 0)
    noteOwnRecords(sink, before)
  }
  catch {
    sink.faults++
  }
}

/**
 * Writes the `LinkIn` that opens a callback's window, timed when the ring takes timed records. A
 * callback starts a turn of the event loop, and the calls it makes are mostly untimed (sampled):
 * without a time of its own the turn would take the time of the last timed record, perhaps from
 * seconds before, and its first calls would seem to last through the idle time in between (one
 * clock read per callback; `ns` when the caller read it already).
 */
export function writeLinkIn(sink: LinkSink, kind: number, token: number, ns: number = sink.ring.pushTimed === undefined ? -1 : readClock(sink, sink.clock)): void {
  const ring = sink.ring
  if (ns < 0 || ring.pushTimed === undefined) return writeLink(sink, LINK_IN, kind, token)
  try {
    const before = ring.nextSeq
    ring.pushTimed!(LINK_IN | FLAG_TIMED, kind, token | 0, ns)
    noteOwnRecords(sink, before)
  }
  catch {
    sink.faults++
  }
}
