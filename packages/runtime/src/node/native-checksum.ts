import * as zlib from 'node:zlib'

/** zlib's CRC-32 (Node ≥ 20.15), about six times faster than the portable one; undefined if absent. */
export function nativeChecksum(): ((words: Int32Array) => number) | undefined {
  const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32
  if (typeof crc32 !== 'function') return undefined
  return words => crc32(new Uint8Array(words.buffer, words.byteOffset, words.byteLength))
}
