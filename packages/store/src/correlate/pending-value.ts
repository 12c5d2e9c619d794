import type { StateRow, ValueRow } from './rows.ts'
import type { EffectWindow } from './thread-state.ts'
import { VALUE_BYTES_PER_RECORD, ValueRole } from '@execscope/core'

/** A call that has just ended, which a value record right after its exit describes. */
export interface ClosedCall {
  callId: number
  siteId: number
  /** It ended by throwing (a thrown value may follow) rather than returning. */
  isThrow: boolean
}

/**
 * A value preview whose `ValueBytes` records are still coming: part of a thread's state, so a
 * preview split across batches is reassembled whole. `cloneThreadState` copies `bytes`, since the
 * replay writes into it and a batch that is not stored must leave the original as it was.
 */
export interface PendingValue {
  /** The call it belongs to; 0 when it belongs to none: its records are read and counted as a 'value' drop. */
  callId: number
  siteId: number
  /** `ValueRole`. */
  role: number
  /** Bytes announced by the `Value` record. */
  length: number
  /** Time of the exit it follows, ns since the thread's time origin. */
  ts: number
  /** ceil(length / 12) bytes records: all received, the value is complete. */
  expected: number
  /** Bytes records received so far. */
  received: number
  /** The bytes so far, room for `expected` records; undefined for a value that is skipped. */
  bytes: Uint8Array | undefined
  /** For role `State`: the change it previews, stored once the value is complete or given up. */
  state: StateRow | undefined
  /** For role `Event`: the index in the thread's open windows of the origin window it describes. */
  windowIndex?: number
}

// fatal: invalid UTF-8 is a malformed value, not text with replacement characters.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Starts a value announced by a `Value` record at time `ts`, `exit` being the call whose exit came
 * just before it: without one, or when the role does not match how that call ended, the value is
 * read but skipped.
 */
export function startValue(role: number, length: number, ts: number, exit: ClosedCall | undefined): PendingValue {
  const expected = Math.ceil(length / VALUE_BYTES_PER_RECORD)
  const isOwned = exit !== undefined && (role === ValueRole.Thrown ? exit.isThrow : role === ValueRole.Returned && !exit.isThrow)
  return {
    callId: isOwned ? exit.callId : 0,
    siteId: isOwned ? exit.siteId : 0,
    role,
    length,
    ts,
    expected,
    received: 0,
    bytes: isOwned ? new Uint8Array(expected * VALUE_BYTES_PER_RECORD) : undefined,
    state: undefined,
  }
}

/** A call that has just been entered, which an arguments value right after its Enter record describes. */
export interface EnteredCall {
  callId: number
  siteId: number
  /** When it was entered, ns since the thread's time origin. */
  ts: number
}

/** Starts the arguments of `call`, whose Enter record came just before (undefined: skipped, read and counted as a drop). */
export function startArgumentsValue(length: number, call: EnteredCall | undefined): PendingValue {
  const expected = Math.ceil(length / VALUE_BYTES_PER_RECORD)
  return {
    callId: call?.callId ?? 0,
    siteId: call?.siteId ?? 0,
    role: ValueRole.Arguments,
    length,
    ts: call?.ts ?? 0,
    expected,
    received: 0,
    bytes: call ? new Uint8Array(expected * VALUE_BYTES_PER_RECORD) : undefined,
    state: undefined,
  }
}

/** Starts the `[old, new]` previews of `state`, the change whose State record came just before. */
export function startStateValue(length: number, state: StateRow): PendingValue {
  const expected = Math.ceil(length / VALUE_BYTES_PER_RECORD)
  return { callId: state.callId ?? 0, siteId: state.siteId, role: ValueRole.State, length, ts: state.ts, expected, received: 0, bytes: new Uint8Array(expected * VALUE_BYTES_PER_RECORD), state }
}

/**
 * Fills a complete state value into its change: the JSON array `[new]` when the property did not
 * exist before, `[old, new]` otherwise. Returns false (the change keeps no previews) when the bytes
 * are not UTF-8 JSON of that shape.
 */
export function finishStateValue(value: PendingValue, state: StateRow): boolean {
  let parsed: unknown
  try {
    parsed = JSON.parse(utf8.decode(value.bytes!.subarray(0, value.length)))
  }
  catch {
    return false
  }
  if (!Array.isArray(parsed) || parsed.length < 1 || parsed.length > 2) return false
  state.oldPreview = parsed.length === 2 ? JSON.stringify(parsed[0]) : null
  state.newPreview = JSON.stringify(parsed[parsed.length - 1])
  return true
}

/**
 * Starts the description of a user's input event, `windowIndex` being the origin window its LinkIn
 * record (just before) opened (undefined: no such record; skipped, read and counted as a drop).
 */
export function startEventValue(length: number, windowIndex: number | undefined, ts: number): PendingValue {
  const expected = Math.ceil(length / VALUE_BYTES_PER_RECORD)
  return { callId: 0, siteId: 0, role: ValueRole.Event, length, ts, expected, received: 0, bytes: windowIndex === undefined ? undefined : new Uint8Array(expected * VALUE_BYTES_PER_RECORD), state: undefined, windowIndex }
}

/**
 * Gives a complete event description, the JSON array `[type, target]`, to its window. Returns
 * false (nothing is given) when it was skipped, is not of that shape, or the window is gone.
 */
export function finishEventValue(value: PendingValue, windows: EffectWindow[]): boolean {
  const window = value.windowIndex === undefined ? undefined : windows[value.windowIndex]
  if (window === undefined || !window.isOrigin || value.bytes === undefined) return false
  let parsed: unknown
  try {
    parsed = JSON.parse(utf8.decode(value.bytes.subarray(0, value.length)))
  }
  catch {
    return false
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || (parsed[1] !== null && typeof parsed[1] !== 'string')) return false
  window.event = [parsed[0], parsed[1]]
  return true
}

/** Copies the 12 bytes of one `ValueBytes` record (words 1 to 3, little-endian); returns whether the value is complete. */
export function addValueBytes(value: PendingValue, w1: number, w2: number, w3: number): boolean {
  const bytes = value.bytes
  if (bytes !== undefined) {
    let at = value.received * VALUE_BYTES_PER_RECORD
    for (const word of [w1, w2, w3]) {
      bytes[at++] = word & 0xFF
      bytes[at++] = (word >>> 8) & 0xFF
      bytes[at++] = (word >>> 16) & 0xFF
      bytes[at++] = word >>> 24
    }
  }
  return ++value.received === value.expected
}

/** The row of a complete value, or undefined when it is skipped or is not UTF-8 JSON. */
export function finishValue(value: PendingValue): ValueRow | undefined {
  if (value.bytes === undefined) return undefined
  let preview: string
  let parsed: unknown
  try {
    preview = utf8.decode(value.bytes.subarray(0, value.length))
    parsed = JSON.parse(preview)
  }
  catch {
    return undefined
  }
  const isError = Array.isArray(parsed) && parsed[0] === 'err'
  const text = (item: unknown): string | null => (isError && typeof item === 'string' ? item : null)
  const list = isError ? parsed as unknown[] : []
  return { callId: value.callId, siteId: value.siteId, ts: value.ts, role: value.role, preview, isError, errorName: text(list[1]), errorMessage: text(list[2]) }
}

/** Records of the value read so far (its `Value` record and bytes records): what a 'value' drop counts when it is not stored. */
export function valueRecords(value: PendingValue): number {
  return 1 + value.received
}
