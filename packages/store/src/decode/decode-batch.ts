import type { DecodedBatch } from '@execscope/core'
import zlib from 'node:zlib'
import { decodeBatch as decodeCoreBatch } from '@execscope/core'

// zlib's CRC-32 is the same polynomial as core's portable one and about 20x faster (Node >= 20.15).
const options = typeof zlib.crc32 === 'function' ? { crc32: (bytes: Uint8Array) => zlib.crc32(bytes) >>> 0 } : {}

/**
 * The collector's batch decoder: core's `decodeBatch` (same checks, same reasons) with the native
 * checksum. Throws `BatchFormatError`; a batch is accepted whole or not at all.
 */
export function decodeBatch(bytes: Uint8Array): DecodedBatch {
  return decodeCoreBatch(bytes, options)
}
