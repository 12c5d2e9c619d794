// CRC-32 (IEEE, the one core's `crc32` computes) over whole 32-bit little-endian words, slicing by
// 8: about 3.5 times faster than core's byte-at-a-time loop. Draining runs on the app's thread, and
// the checksum is most of its cost, so it is worth the 8 KiB table.
let table: Int32Array | undefined

function makeTables(): Int32Array {
  const t = new Int32Array(2048)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1
    t[n] = c
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xFF]! ^ (c >>> 8)
      t[(k << 8) + n] = c
    }
  }
  return t
}

/** CRC-32 of the bytes of `words`, whose length must be even (records are 4 words). */
export function crc32Words(words: Int32Array): number {
  const t = (table ??= makeTables())
  let c = -1
  for (let i = 0; i < words.length; i += 2) {
    const a = words[i]! ^ c
    const b = words[i + 1]!
    c = t[1792 + (a & 0xFF)]! ^ t[1536 + ((a >>> 8) & 0xFF)]! ^ t[1280 + ((a >>> 16) & 0xFF)]! ^ t[1024 + (a >>> 24)]!
      ^ t[768 + (b & 0xFF)]! ^ t[512 + ((b >>> 8) & 0xFF)]! ^ t[256 + ((b >>> 16) & 0xFF)]! ^ t[b >>> 24]!
  }
  return (c ^ -1) >>> 0
}
