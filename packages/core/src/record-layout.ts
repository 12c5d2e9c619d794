/**
 * The fixed-size binary record shared by the runtime (writer) and the collector (reader).
 *
 * A record is four 32-bit words, little-endian, written into an Int32Array ring:
 *
 * | word | meaning                                                                      |
 * |------|------------------------------------------------------------------------------|
 * | 0    | `kind` in bits 0–7, `flags` in bits 8–15 (`RecordFlag`), bits 16–31 zero     |
 * | 1    | site id (0 for records that belong to no site: clock anchors, drops)         |
 * | 2    | payload: async id for async/generator calls, high 32 bits of the time for   |
 * |      | clock anchors, the number of lost records for drops, otherwise 0             |
 * | 3    | low 32 bits of the time in nanoseconds since the thread's time origin, when  |
 * |      | `RecordFlag.Timed` is set; otherwise 0 (the collector estimates the time)    |
 *
 * Times are split because a clock read is ten times the cost of a record: the runtime only writes
 * a `Clock` anchor (the high word) when it changes, about every 4.3 s of timed activity, and
 * after every drain or drop, so every batch carries the anchor its timed records need.
 */

/** Words per record. */
export const RECORD_WORDS: number = 4
/** Bytes per record. */
export const RECORD_BYTES: number = 16

/** What a record says happened. Values are part of the wire protocol: never renumber. */
export const RecordKind = {
  /** A function started running (its body was entered). */
  Enter: 1,
  /** A function returned normally (or a generator was closed by `.return()`). */
  Return: 2,
  /** A function ended by throwing. */
  Throw: 3,
  /** An async function or generator suspended at `await`/`yield`. */
  Suspend: 4,
  /** An async function or generator resumed after `await`/`yield`. */
  Resume: 5,
  /** Sets the high 32 bits of the time for the timed records that follow. */
  Clock: 6,
  /** `payload` records were lost because the ring was full. */
  Drop: 7,
} as const
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind]

/** Highest defined kind; the decoder rejects anything above. */
export const MAX_RECORD_KIND: number = 7

/** Bit flags in bits 8–15 of word 0. */
export const RecordFlag = {
  /** Word 3 holds a measured time. */
  Timed: 1,
} as const

/** Human names of record kinds, for messages and exports. */
export const RECORD_KIND_NAMES: Readonly<Record<number, string>> = {
  1: 'enter',
  2: 'return',
  3: 'throw',
  4: 'suspend',
  5: 'resume',
  6: 'clock',
  7: 'drop',
}

/** 2^32, to combine the two halves of a time. */
export const TIME_HIGH_UNIT: number = 4294967296
