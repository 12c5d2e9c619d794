import { RecordKind, VALUE_BYTES_PER_RECORD } from '@execscope/core/codec'

// shared/ is typed without DOM or Node types: the host's TextDecoder, structurally.
const HostTextDecoder = (globalThis as unknown as { TextDecoder: new () => { decode: (bytes: Uint8Array) => string } }).TextDecoder

/**
 * The preview text carried by the `Value` record at word index `i` of `words` and the `ValueBytes`
 * records after it, checked the way the store reads them: every bytes record of the right kind,
 * the last one's padding zero.
 */
export function valueTextAt(words: Int32Array, i: number): string {
  if ((words[i]! & 0xFF) !== RecordKind.Value) throw new Error(`record at word ${i} is not a Value record`)
  const length = words[i + 2]!
  const bytes = new Uint8Array(Math.ceil(length / VALUE_BYTES_PER_RECORD) * VALUE_BYTES_PER_RECORD)
  const view = new DataView(bytes.buffer)
  for (let at = 0, j = i + 4; at < length; at += 12, j += 4) {
    if ((words[j]! & 0xFF) !== RecordKind.ValueBytes) throw new Error(`record at word ${j} is not a ValueBytes record`)
    view.setInt32(at, words[j + 1]!, true)
    view.setInt32(at + 4, words[j + 2]!, true)
    view.setInt32(at + 8, words[j + 3]!, true)
  }
  if (!bytes.subarray(length).every(b => b === 0)) throw new Error('stale bytes after the preview')
  return new HostTextDecoder().decode(bytes.subarray(0, length))
}
