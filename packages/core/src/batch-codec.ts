import { crc32 } from './crc32.ts'
import { MAX_LINK_KIND, MAX_RECORD_KIND, MAX_VALUE_BYTES, MAX_VALUE_ROLE, RECORD_BYTES, RECORD_WORDS, RecordFlag, RecordKind } from './record-layout.ts'

/**
 * A batch is what the runtime sends and the collector accepts: one thread's consecutive records.
 *
 * Layout (little-endian), `BATCH_HEADER_BYTES` of header, then `recordCount` records:
 *
 * | offset | type    | field                                                        |
 * |--------|---------|--------------------------------------------------------------|
 * | 0      | u32     | magic `BATCH_MAGIC` ("ESB1")                                 |
 * | 4      | u16     | protocol version, `PROTOCOL_VERSION`                         |
 * | 6      | u16     | header length in bytes (48)                                  |
 * | 8      | 16 × u8 | session id (random, one per page load / process)             |
 * | 24     | u32     | thread id (0 = main thread)                                  |
 * | 28     | u32     | sequence number of the first record (per thread, wraps)      |
 * | 32     | u32     | record count                                                 |
 * | 36     | u32     | checksum of the whole batch (below)                          |
 * | 40     | f64     | the thread's time origin, Unix epoch milliseconds            |
 *
 * The checksum covers the header as well as the records: it is the CRC-32 of the 48 header bytes
 * with bytes 36–39 holding the CRC-32 of the record bytes. A header field damaged on the way (a
 * time origin, a thread id) would otherwise be accepted and misplace every record of the batch,
 * and the first batch of a session sets the session's time origin. Sealing the header with the
 * records' CRC costs one 48-byte CRC per batch and needs no incremental CRC, which the runtime's
 * word-wise and Node's native CRC would both have to support.
 */
export const BATCH_MAGIC: number = 0x31425345
/**
 * 3: Drop records say how the stack moved during the loss (words 1 and 3). 2: the checksum covers
 * the header (1 checked the record bytes only).
 */
export const PROTOCOL_VERSION: number = 3
export const BATCH_HEADER_BYTES: number = 48
/** Upper bound on records per batch, so a batch fits comfortably in one HTTP body. */
export const MAX_BATCH_RECORDS: number = 1 << 16

export interface BatchHeader {
  /** 32 lowercase hex digits. */
  sessionId: string
  threadId: number
  firstSeq: number
  recordCount: number
  timeOriginMs: number
}

export interface DecodedBatch extends BatchHeader {
  /** `recordCount * RECORD_WORDS` words; a view of the input bytes when they were aligned. */
  records: Int32Array
}

/** Why a batch was rejected; `recordIndex` is set when one record is at fault. */
export class BatchFormatError extends Error {
  override name = 'BatchFormatError'
  readonly recordIndex: number | undefined
  constructor(reason: string, recordIndex?: number) {
    super(reason)
    this.recordIndex = recordIndex
  }
}

/** Renders 16 session-id bytes as hex. (No lookup table: the browser runtime carries this.) */
export function sessionIdToHex(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < 16; i++) s += (bytes[i]! + 256).toString(16).slice(1)
  return s
}

/**
 * Encodes `count` records starting at word `fromWord` of `words` into a new batch.
 * The runtime calls this off the hot path (at drain time).
 */
export function encodeBatch(
  header: Omit<BatchHeader, 'recordCount' | 'sessionId'> & { sessionId: Uint8Array },
  words: Int32Array,
  fromWord: number,
  count: number,
): Uint8Array {
  const out = new Uint8Array(BATCH_HEADER_BYTES + count * RECORD_BYTES)
  const body = new Int32Array(out.buffer, BATCH_HEADER_BYTES, count * RECORD_WORDS)
  body.set(words.subarray(fromWord, fromWord + count * RECORD_WORDS))
  writeHeader(out, header, count, crc32(out.subarray(BATCH_HEADER_BYTES)), wordsCrc32)
  return out
}

function wordsCrc32(words: Int32Array): number {
  return crc32(new Uint8Array(words.buffer, words.byteOffset, words.byteLength))
}

/**
 * Writes the header of a batch whose record bytes are already in place, `recordsCrc` being their
 * CRC-32, and seals it: `crcOfWords` (a CRC-32 over the bytes of 32-bit little-endian words, the
 * runtime's own) computes the checksum over the header. `out` must start 4-byte aligned.
 */
export function writeHeader(
  out: Uint8Array,
  header: Omit<BatchHeader, 'recordCount' | 'sessionId'> & { sessionId: Uint8Array },
  count: number,
  recordsCrc: number,
  crcOfWords: (words: Int32Array) => number,
): void {
  const v = new DataView(out.buffer, out.byteOffset, BATCH_HEADER_BYTES)
  v.setUint32(0, BATCH_MAGIC, true)
  v.setUint16(4, PROTOCOL_VERSION, true)
  v.setUint16(6, BATCH_HEADER_BYTES, true)
  out.set(header.sessionId.subarray(0, 16), 8)
  v.setUint32(24, header.threadId >>> 0, true)
  v.setUint32(28, header.firstSeq >>> 0, true)
  v.setUint32(32, count, true)
  v.setUint32(36, recordsCrc >>> 0, true)
  v.setFloat64(40, header.timeOriginMs, true)
  v.setUint32(36, crcOfWords(new Int32Array(out.buffer, out.byteOffset, BATCH_HEADER_BYTES / 4)) >>> 0, true)
}

/**
 * The checksum a whole batch should carry (see the layout above): `crc` computes CRC-32 over bytes,
 * the portable one by default. The batch must be at least a header long.
 */
export function batchChecksum(bytes: Uint8Array, crc: (bytes: Uint8Array) => number = crc32): number {
  const header = bytes.slice(0, BATCH_HEADER_BYTES)
  new DataView(header.buffer).setUint32(36, crc(bytes.subarray(BATCH_HEADER_BYTES)), true)
  return crc(header) >>> 0
}

export interface DecodeOptions {
  /** A faster CRC-32 of the same polynomial (e.g. `node:zlib`'s); defaults to the portable one. */
  crc32?: (bytes: Uint8Array) => number
}

/**
 * Decodes and validates a whole batch. Throws `BatchFormatError` with the first reason it finds;
 * a batch is accepted whole or not at all. The records view the input bytes when they are aligned
 * (no copy), so the caller must not reuse the input while it uses the result.
 */
export function decodeBatch(bytes: Uint8Array, options: DecodeOptions = {}): DecodedBatch {
  if (bytes.byteLength < BATCH_HEADER_BYTES)
    throw new BatchFormatError(`batch is ${bytes.byteLength} bytes, shorter than the ${BATCH_HEADER_BYTES}-byte header`)
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const magic = v.getUint32(0, true)
  if (magic !== BATCH_MAGIC)
    throw new BatchFormatError(`bad magic 0x${magic.toString(16).padStart(8, '0')} (expected 0x${BATCH_MAGIC.toString(16)}); this is not an execscope batch`)
  const version = v.getUint16(4, true)
  if (version !== PROTOCOL_VERSION)
    throw new BatchFormatError(`protocol version ${version} is not supported (this collector speaks ${PROTOCOL_VERSION}); rebuild the app with the same execscope version`)
  const headerBytes = v.getUint16(6, true)
  if (headerBytes !== BATCH_HEADER_BYTES)
    throw new BatchFormatError(`header length ${headerBytes} (expected ${BATCH_HEADER_BYTES})`)
  const recordCount = v.getUint32(32, true)
  if (recordCount > MAX_BATCH_RECORDS)
    throw new BatchFormatError(`record count ${recordCount} exceeds the limit of ${MAX_BATCH_RECORDS}`)
  const expected = BATCH_HEADER_BYTES + recordCount * RECORD_BYTES
  if (bytes.byteLength !== expected)
    throw new BatchFormatError(`batch is ${bytes.byteLength} bytes but its header announces ${recordCount} records (${expected} bytes); it was truncated or padded`)
  const timeOriginMs = v.getFloat64(40, true)
  if (!Number.isFinite(timeOriginMs) || timeOriginMs < 0)
    throw new BatchFormatError(`time origin ${timeOriginMs} is not a valid epoch time`)
  const body = bytes.subarray(BATCH_HEADER_BYTES)
  const crc = batchChecksum(bytes, options.crc32)
  const declared = v.getUint32(36, true)
  if (crc !== declared)
    throw new BatchFormatError(`checksum mismatch (declared 0x${declared.toString(16)}, computed 0x${crc.toString(16)} over header and records); the batch was corrupted`)
  let records: Int32Array
  if (body.byteOffset % 4 === 0) {
    records = new Int32Array(body.buffer, body.byteOffset, recordCount * RECORD_WORDS)
  }
  else {
    // Request bodies can start at any byte offset; an Int32Array needs an aligned one.
    records = new Int32Array(recordCount * RECORD_WORDS)
    new Uint8Array(records.buffer).set(body)
  }
  validateRecords(records)
  return {
    sessionId: sessionIdToHex(bytes.subarray(8, 24)),
    threadId: v.getUint32(24, true),
    firstSeq: v.getUint32(28, true),
    recordCount,
    timeOriginMs,
    records,
  }
}

function validateRecords(records: Int32Array): void {
  for (let i = 0; i < records.length; i += RECORD_WORDS) {
    const w0 = records[i]!
    const kind = w0 & 0xFF
    const site = records[i + 1]!
    // One branch for the common case: a call record of a known kind, no reserved bits, a site.
    if (kind !== 0 && kind < RecordKind.Clock && (w0 & ~0x1FF) === 0 && site > 0) continue
    const r = i / RECORD_WORDS
    if (kind === 0 || kind > MAX_RECORD_KIND)
      throw new BatchFormatError(`record ${r} has unknown kind 0x${kind.toString(16)} (protocol ${PROTOCOL_VERSION})`, r)
    const flags = (w0 >>> 8) & 0xFF
    const isMessage = kind === RecordKind.MessageSend || kind === RecordKind.MessageReceive
    const allowedFlags = RecordFlag.Timed | (kind === RecordKind.LinkIn ? RecordFlag.LinkEnd : isMessage ? RecordFlag.Upward : 0)
    if (w0 >>> 16 !== 0 || (flags & ~allowedFlags) !== 0)
      throw new BatchFormatError(`record ${r} has reserved bits set in its kind word 0x${(w0 >>> 0).toString(16)}`, r)
    if (kind === RecordKind.Value) {
      const length = records[i + 2]!
      // Word 3 is the preview's time, any unsigned number of nanoseconds.
      if (site < 1 || site > MAX_VALUE_ROLE || length < 1 || length > MAX_VALUE_BYTES)
        throw new BatchFormatError(`record ${r} is a value record with role ${site} and length ${length}, expected a role from 1 to ${MAX_VALUE_ROLE} and a length from 1 to ${MAX_VALUE_BYTES}`, r)
      continue
    }
    if (kind === RecordKind.ValueBytes) continue
    if (kind === RecordKind.LinkOut || kind === RecordKind.LinkIn) {
      if (site < 1 || site > MAX_LINK_KIND)
        throw new BatchFormatError(`record ${r} (kind ${kind}) has link kind ${site}, expected 1 to ${MAX_LINK_KIND}`, r)
      if (kind === RecordKind.LinkOut && records[i + 2]! === 0)
        throw new BatchFormatError(`record ${r} is a link-out record with token 0`, r)
      continue
    }
    if (isMessage) {
      // Channel 0 is the worker's own side of the channel to its parent (see RecordKind.MessageSend).
      if (records[i + 2]! === 0)
        throw new BatchFormatError(`record ${r} (kind ${kind}) on channel ${site >>> 0} has number 0; messages are numbered from 1`, r)
      continue
    }
    if (kind === RecordKind.Count) {
      if (site < 0 || records[i + 2]! === 0 || records[i + 3]! !== 0 || flags !== 0)
        throw new BatchFormatError(`record ${r} is a count record with site ${site}, count ${records[i + 2]}, time word ${records[i + 3]} and flags ${flags}; expected a site id or 0, a non-zero count, no time and no flags`, r)
      continue
    }
    if (kind === RecordKind.State && records[i + 2]! === 0)
      throw new BatchFormatError(`record ${r} is a state record with instance 0`, r)
    if (kind === RecordKind.Drop) {
      // Word 1: calls that ended during the loss, word 3: calls entered during it still running;
      // each took at least one of the lost records (an exit, an entry).
      const count = records[i + 2]!
      if (count <= 0 || site < 0 || records[i + 3]! < 0 || site + records[i + 3]! > count || flags !== 0)
        throw new BatchFormatError(`record ${r} is a drop record with count ${count}, ${site} calls ended, ${records[i + 3]} entered and flags ${flags}; expected a positive count, at most that many calls ended and entered, and no flags`, r)
      continue
    }
    if (kind === RecordKind.Clock ? site !== 0 : site <= 0)
      throw new BatchFormatError(`record ${r} (kind ${kind}) has site id ${site}, which is not valid for its kind`, r)
  }
}
