// A namespace: a bundle's banner often declares `createRequire` itself (see install.ts).
import * as nodeModule from 'node:module'
import { crc32Words } from '../shared/crc32-words.ts'

type Crc32 = (data: Uint8Array) => number

/**
 * zlib's CRC-32 (Node ≥ 20.15), about six times faster than the portable one, which it falls back
 * to on older Nodes. node:zlib is loaded at the first checksum, not at start-up (a few
 * milliseconds every short process would pay).
 */
export function nativeChecksum(): (words: Int32Array) => number {
  let crc32: Crc32 | null | undefined
  return (words) => {
    if (crc32 === undefined) crc32 = (nodeModule.createRequire(import.meta.url)('node:zlib') as { crc32?: Crc32 }).crc32 ?? null
    return crc32 ? crc32(new Uint8Array(words.buffer, words.byteOffset, words.byteLength)) : crc32Words(words)
  }
}
