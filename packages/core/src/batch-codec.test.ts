import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BATCH_HEADER_BYTES, BatchFormatError, decodeBatch, encodeBatch } from './batch-codec.ts'
import { LinkKind, RECORD_WORDS, RecordFlag, RecordKind, ValueRole } from './record-layout.ts'

const session = Uint8Array.from({ length: 16 }, (_, i) => i * 17)
const header = { sessionId: session, threadId: 3, firstSeq: 4294967290, timeOriginMs: 1_764_000_000_000.25 }

/** A valid record: site kinds carry a positive site, Clock/Drop carry none. */
const recordArb = fc.oneof(
  fc.tuple(fc.constantFrom(1, 2, 3, 4, 5), fc.boolean(), fc.integer({ min: 1, max: 0x3FFFFFFF }), fc.integer({ min: 0, max: 0x1FFFFFFF }), fc.integer())
    .map(([kind, timed, site, payload, time]) => [kind | (timed ? 256 : 0), site, payload, timed ? time : 0]),
  fc.integer({ min: 0, max: 2 ** 21 }).map(high => [RecordKind.Clock, 0, high, 0]),
  fc.integer({ min: 1, max: 2 ** 31 - 1 }).map(count => [RecordKind.Drop, 0, count, 0]),
)

function encode(records: number[][]): Uint8Array {
  return encodeBatch(header, Int32Array.from(records.flat()), 0, records.length)
}

function rejection(bytes: Uint8Array): string {
  try {
    decodeBatch(bytes)
  }
  catch (error) {
    expect(error).toBeInstanceOf(BatchFormatError)
    return (error as Error).message
  }
  throw new Error('batch was accepted')
}

describe('encodeBatch / decodeBatch', () => {
  it('reads back what was written, in order, with the header intact', () => {
    fc.assert(fc.property(fc.array(recordArb, { maxLength: 300 }), (records) => {
      const decoded = decodeBatch(encode(records))
      expect(Array.from(decoded.records)).toEqual(records.flat())
      expect(decoded).toMatchObject({ threadId: 3, firstSeq: 4294967290, recordCount: records.length, timeOriginMs: header.timeOriginMs })
      expect(decoded.sessionId).toBe(Array.from(session, b => b.toString(16).padStart(2, '0')).join(''))
    }))
  })

  it('decodes a batch that starts at an odd byte offset of a larger buffer', () => {
    const bytes = encode([[RecordKind.Enter, 7, 0, 0], [RecordKind.Return, 7, 0, 0]])
    const shifted = new Uint8Array(bytes.length + 1)
    shifted.set(bytes, 1)
    expect(Array.from(decodeBatch(shifted.subarray(1)).records)).toEqual([1, 7, 0, 0, 2, 7, 0, 0])
  })

  it('encodes a slice of a larger ring', () => {
    const ring = Int32Array.from([9, 9, 9, 9, RecordKind.Enter, 5, 0, 0, 9, 9, 9, 9])
    expect(Array.from(decodeBatch(encodeBatch(header, ring, RECORD_WORDS, 1)).records)).toEqual([1, 5, 0, 0])
  })

  it('rejects every truncation and every single flipped byte', () => {
    fc.assert(fc.property(fc.array(recordArb, { minLength: 1, maxLength: 20 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (records, at, xor) => {
      const bytes = encode(records)
      expect(rejection(bytes.subarray(0, at % bytes.length))).toBeTruthy()
      const corrupt = bytes.slice()
      const i = at % corrupt.length
      corrupt[i]! ^= xor
      // The checksum covers the header too: a damaged session, thread, sequence or time origin is refused.
      expect(rejection(corrupt)).toBeTruthy()
    }))
  })

  it('names the reason', () => {
    const bytes = encode([[RecordKind.Enter, 7, 0, 0]])
    expect(rejection(new Uint8Array(10))).toMatchInlineSnapshot(`"batch is 10 bytes, shorter than the 48-byte header"`)
    const badKind = encode([[0x3F, 7, 0, 0]])
    expect(rejection(badKind)).toMatchInlineSnapshot(`"record 0 has unknown kind 0x3f (protocol 3)"`)
    const padded = new Uint8Array(bytes.length + 4)
    padded.set(bytes)
    expect(rejection(padded)).toMatchInlineSnapshot(`"batch is 68 bytes but its header announces 1 records (64 bytes); it was truncated or padded"`)
    const flipped = bytes.slice()
    flipped[BATCH_HEADER_BYTES + 4]! ^= 1
    expect(rejection(flipped)).toMatch(/^checksum mismatch/)
    const otherOrigin = bytes.slice()
    new DataView(otherOrigin.buffer).setFloat64(40, 86_400_000, true)
    expect(rejection(otherOrigin)).toMatch(/^checksum mismatch .* over header and records\); the batch was corrupted$/)
    expect(rejection(encode([[RecordKind.Return, 0, 0, 0]]))).toMatchInlineSnapshot(`"record 0 (kind 2) has site id 0, which is not valid for its kind"`)
  })

  it('accepts drop records with how the stack moved, and checks their counts and flags', () => {
    expect(decodeBatch(encode([[RecordKind.Drop, 0, 40, 0], [RecordKind.Drop, 3, 6, 2]])).recordCount).toBe(2)
    expect(rejection(encode([[RecordKind.Drop, 0, 0, 0]]))).toMatchInlineSnapshot(`"record 0 is a drop record with count 0, 0 calls ended, 0 entered and flags 0; expected a positive count, at most that many calls ended and entered, and no flags"`)
    expect(rejection(encode([[RecordKind.Drop, -1, 5, 0]]))).toMatchInlineSnapshot(`"record 0 is a drop record with count 5, -1 calls ended, 0 entered and flags 0; expected a positive count, at most that many calls ended and entered, and no flags"`)
    expect(rejection(encode([[RecordKind.Drop, 0, 5, -2]]))).toMatch(/-2 entered/)
    expect(rejection(encode([[RecordKind.Drop | (RecordFlag.Timed << 8), 0, 5, 0]]))).toMatch(/flags 1/)
    // More calls than lost records (a batch that would make the replay push 2^31 frames).
    expect(rejection(encode([[RecordKind.Drop, 3, 5, 3]]))).toMatch(/3 calls ended, 3 entered/)
    expect(decodeBatch(encode([[RecordKind.Drop, 0, 0x7FFFFFFF, 0x7FFFFFFF], [RecordKind.Drop, 1, 1, 0]])).recordCount).toBe(2)
  })

  it('accepts causal-link records and checks their link kind, token and flags', () => {
    const ok = encode([[RecordKind.LinkOut, LinkKind.Timer, 5, 0], [RecordKind.LinkIn | (RecordFlag.LinkEnd << 8), LinkKind.Timer, 5, 0], [RecordKind.LinkIn, LinkKind.Event, 0, 0]])
    expect(decodeBatch(ok).recordCount).toBe(3)
    expect(rejection(encode([[RecordKind.LinkOut, 0, 5, 0]]))).toMatchInlineSnapshot(`"record 0 (kind 8) has link kind 0, expected 1 to 5"`)
    expect(rejection(encode([[RecordKind.LinkIn, 6, 5, 0]]))).toMatchInlineSnapshot(`"record 0 (kind 9) has link kind 6, expected 1 to 5"`)
    expect(rejection(encode([[RecordKind.LinkOut, LinkKind.Promise, 0, 0]]))).toMatchInlineSnapshot(`"record 0 is a link-out record with token 0"`)
    expect(rejection(encode([[RecordKind.LinkOut | (RecordFlag.LinkEnd << 8), LinkKind.Promise, 1, 0]]))).toMatch(/reserved bits/)
  })

  it('accepts value records and checks their role and length', () => {
    const ok = encode([[RecordKind.Throw, 7, 0, 0], [RecordKind.Value, ValueRole.Thrown, 14, 0], [RecordKind.ValueBytes, 0x6F727245, 0x203A72, 0], [RecordKind.ValueBytes, 0x7D, 0, 0]])
    expect(decodeBatch(ok).recordCount).toBe(4)
    // Word 3: the time the preview took, unsigned ns (above 2^31 it reads as a negative int32).
    for (const previewNs of [1, 250_000, -1]) {
      const timed = encode([[RecordKind.Throw, 7, 0, 0], [RecordKind.Value, ValueRole.Thrown, 2, previewNs], [RecordKind.ValueBytes, 0x7B7D, 0, 0]])
      expect(decodeBatch(timed).recordCount).toBe(3)
    }
    expect(rejection(encode([[RecordKind.Value, 6, 10, 0]]))).toMatchInlineSnapshot(`"record 0 is a value record with role 6 and length 10, expected a role from 1 to 5 and a length from 1 to 65536"`)
    expect(rejection(encode([[RecordKind.Value, ValueRole.Thrown, 0, 0]]))).toMatch(/role 1 and length 0/)
    expect(rejection(encode([[RecordKind.Value, ValueRole.Thrown, 65537, 0]]))).toMatch(/length 65537/)
  })

  it('accepts state and message records and checks their words and flags', () => {
    const ok = encode([
      [RecordKind.State, 7, 1, 0],
      [RecordKind.MessageSend | (RecordFlag.Upward << 8), 3, 1, 0],
      [RecordKind.MessageReceive | ((RecordFlag.Upward | RecordFlag.Timed) << 8), 3, 1, 5],
    ])
    expect(decodeBatch(ok).recordCount).toBe(3)
    expect(rejection(encode([[RecordKind.State, 7, 0, 0]]))).toMatchInlineSnapshot(`"record 0 is a state record with instance 0"`)
    expect(rejection(encode([[RecordKind.State, 0, 1, 0]]))).toMatch(/site id 0/)
    expect(rejection(encode([[RecordKind.MessageReceive, 2, 0, 0]]))).toMatchInlineSnapshot(`"record 0 (kind 14) on channel 2 has number 0; messages are numbered from 1"`)
    // A worker's side of the channel to its parent, before it knows the channel's number.
    expect(decodeBatch(encode([[RecordKind.MessageSend | (RecordFlag.Upward << 8), 0, 1, 0]])).recordCount).toBe(1)
    expect(rejection(encode([[RecordKind.State | (RecordFlag.Upward << 8), 7, 1, 0]]))).toMatch(/reserved bits/)
    expect(rejection(encode([[RecordKind.MessageSend | (RecordFlag.LinkEnd << 8), 3, 1, 0]]))).toMatch(/reserved bits/)
  })
})
