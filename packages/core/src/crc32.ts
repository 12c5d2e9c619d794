// CRC-32 (IEEE 802.3, reflected 0xEDB88320), table-driven. Used for batch integrity: HTTP already
// checks transport, but batches also cross our own buffers, proxies and files.
let table: Int32Array | undefined

function makeTable(): Int32Array {
  const t = new Int32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1
    t[n] = c
  }
  return t
}

/** CRC-32 of `bytes`, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
  const t = (table ??= makeTable())
  let c = -1
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xFF]! ^ (c >>> 8)
  return (c ^ -1) >>> 0
}
