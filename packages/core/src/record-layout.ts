/**
 * The fixed-size binary record shared by the runtime (writer) and the collector (reader).
 *
 * A record is four 32-bit words, little-endian, written into an Int32Array ring:
 *
 * | word | meaning                                                                      |
 * |------|------------------------------------------------------------------------------|
 * | 0    | `kind` in bits 0–7, `flags` in bits 8–15 (`RecordFlag`), bits 16–31 zero     |
 * | 1    | site id (0 for records that belong to no site: clock anchors; for drops, the |
 * |      | calls that ended during the loss)                                            |
 * | 2    | payload: async id for async/generator calls, high 32 bits of the time for   |
 * |      | clock anchors, the number of lost records for drops, the token of a causal   |
 * |      | link (`LinkOut`/`LinkIn`, whose word 1 is the `LinkKind`), otherwise 0       |
 * | 3    | low 32 bits of the time in nanoseconds since the thread's time origin, when  |
 * |      | `RecordFlag.Timed` is set; otherwise 0 (the collector estimates the time),   |
 * |      | except where a kind says otherwise (drops: calls entered during the loss)    |
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
  /**
   * `payload` records were lost because the ring was full. Word 1: how many of the calls running
   * when the loss began (the top of the stack) ended during it; word 3: how many calls entered
   * during it were still running after it (their Enter records were lost, their exits come). A
   * call that suspended counts as ended, one that resumed as entered. Both are 0 when unknown (a
   * flight recorder's overwritten records). Never timed.
   */
  Drop: 7,
  /**
   * Cause side of a causal link, written by a runtime probe while the causing call runs (it
   * scheduled a timer, registered a promise reaction, dispatched an event, started a fetch, sent a
   * message). Word 1 is the `LinkKind`, the payload a token (unsigned, per thread, never 0) that
   * the matching `LinkIn` repeats. The cause is the call on top of the thread's stack (none at
   * top level: then no link is stored).
   */
  LinkOut: 8,
  /**
   * Effect side of a causal link: a probe is about to run the scheduled callback (flag `LinkEnd`
   * clear), or it has returned (flag set). Word 1 is the `LinkKind`, the payload the token of the
   * `LinkOut` it answers (0 when the cause was outside the app, such as a user's click). The
   * effect is the first call entered on this thread, at the depth of the stack when the callback
   * started, before the matching end; a callback that enters no instrumented function has none.
   */
  LinkIn: 9,
  /**
   * A value preview follows: word 1 is the `ValueRole`, word 2 the preview's length in bytes
   * (UTF-8 JSON, see the runtime's value-preview.ts; 1 to `MAX_VALUE_BYTES`), word 3 the
   * nanoseconds the runtime spent making the preview (unsigned; 0: not measured), which the store
   * leaves out of the self time of the call it ran in: the recorder's work is not the app's. The
   * bytes come in the next ceil(length / 12) records, of kind `ValueBytes`. A thrown or returned
   * value belongs to the call whose Throw or Return record came just before, arguments to the call
   * whose Enter record came just before, a state value to the State record just before, an event
   * to the LinkIn record just before.
   */
  Value: 10,
  /** 12 bytes of the value preview announced by the last `Value` record, in words 1 to 3 (little-endian). */
  ValueBytes: 11,
  /**
   * The running call changed a property of an object: word 1 is the site id of the assignment (a
   * manifest row of kind `state`, named `Owner.key`), word 2 the object's instance number on this
   * thread (from 1, in the order objects were first changed), word 3 the time when `Timed`. A
   * `Value` of role `State` follows with the previews `[old, new]` (see the runtime's state.ts);
   * without it the change is stored with no previews.
   */
  State: 12,
  /**
   * A message was posted between a thread and a worker it started: word 1 is the worker's thread
   * id (the channel; 0 on the worker's side when it does not know its id, as a Web Worker before
   * its page answers: "the channel to my parent", which the store reads as the thread's own id),
   * word 2 the message's number on that channel in its direction (from 1),
   * word 3 the time when `Timed`. Flag `Upward` set: posted by the worker to its parent; clear:
   * by the parent to the worker. The cause is the call on top of the sending thread's stack.
   */
  MessageSend: 13,
  /**
   * The receiving side of a `MessageSend`, with the same words and flag, written just before the
   * listener runs (inside a `LinkIn` window of kind `Message`): the receiving call is the effect
   * of that window. The store pairs send and receipt by session, channel, direction and number.
   */
  MessageReceive: 14,
  /**
   * Calls of a hot site that the runtime counted instead of recording: word 1 is the site id (0
   * when two sites share the runtime's counter slot, so the calls belong to one of them), word 2
   * the number of calls counted since the site's previous Count record on this thread (non-zero;
   * rarely negative, when a counted call that threw was recorded after its count went out), word
   * 3 zero. A site is counted while it runs at least 10 000 times a second and its calls take
   * under 2 µs; so is everything its counted calls call. One call in 1024 is still recorded
   * (timed), so the trace keeps samples of where and how long.
   */
  Count: 15,
} as const
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind]

/** Highest defined kind; the decoder rejects anything above. */
export const MAX_RECORD_KIND: number = 15

/** What a value preview is of, in word 1 of a `Value` record. Never renumber. */
export const ValueRole = {
  /** The value a call threw (follows its Throw record). */
  Thrown: 1,
  /** The value a call returned (follows its Return record). */
  Returned: 2,
  /** A state change's previews, the JSON array `[old, new]` (follows its State record). */
  State: 3,
  /** The arguments a call was entered with, a JSON object by parameter name (follows its Enter record). */
  Arguments: 4,
  /**
   * What a user's input event was (follows the `LinkIn` record, token 0, that opens its listener's
   * window): the JSON array `[type, target]`, `target` being `tag#id` for an element, `window`,
   * `document`, or null (`["click","button#save"]`).
   */
  Event: 5,
} as const
export type ValueRole = (typeof ValueRole)[keyof typeof ValueRole]

/** Highest defined value role. */
export const MAX_VALUE_ROLE: number = 5

/** Longest value preview on the wire, in bytes. */
export const MAX_VALUE_BYTES: number = 65536

/** Bytes of a preview carried by one `ValueBytes` record. */
export const VALUE_BYTES_PER_RECORD: number = 12

/**
 * What a causal link stands for, in word 1 of `LinkOut`/`LinkIn` records. The numbers follow the
 * order of the store's `link_kind` enum. Values are part of the wire protocol: never renumber.
 */
export const LinkKind = {
  /** A promise reaction (`then`/`catch`/`finally` callback) ran. */
  Promise: 1,
  /** A timer (`setTimeout`, `setInterval`, `setImmediate`, `requestAnimationFrame`, …) fired. */
  Timer: 2,
  /** An event listener was dispatched. */
  Event: 3,
  /** A `fetch` response arrived. */
  Fetch: 4,
  /** A message (`postMessage`) was delivered. */
  Message: 5,
} as const
export type LinkKind = (typeof LinkKind)[keyof typeof LinkKind]

/** Highest defined link kind; the decoder rejects anything above. */
export const MAX_LINK_KIND: number = 5

/** Bit flags in bits 8–15 of word 0. */
export const RecordFlag = {
  /** Word 3 holds a measured time. */
  Timed: 1,
  /** On a `LinkIn` record: the scheduled callback has returned (clear: it is about to run). */
  LinkEnd: 2,
  /** On a `MessageSend`/`MessageReceive` record: the message went from the worker to its parent. */
  Upward: 4,
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
  8: 'link-out',
  9: 'link-in',
  10: 'value',
  11: 'value-bytes',
  12: 'state',
  13: 'message-send',
  14: 'message-receive',
  15: 'count',
}

/** 2^32, to combine the two halves of a time. */
export const TIME_HIGH_UNIT: number = 4294967296
