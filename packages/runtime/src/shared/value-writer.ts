/** What writing a value needs of the thread's ring. */
export interface ValueRing {
  push: (w0: number, site: number, payload: number, time: number) => boolean
}

/** `RecordKind.Value` and `RecordKind.ValueBytes` (checked against the codec by the state recorder's tests). */
export const VALUE = 10
export const VALUE_BYTES = 11

/** The host's TextEncoder (every browser, worker and Node has one), typed structurally. */
interface Utf8Encoder {
  encodeInto: (text: string, into: Uint8Array) => { written: number }
}
const HostTextEncoder = (globalThis as unknown as { TextEncoder: new () => Utf8Encoder }).TextEncoder

/**
 * Writes a preview into the ring as the store reads it: a `Value` record (role, byte length),
 * then the UTF-8 bytes, 12 per `ValueBytes` record, the last zero-padded. The previews a call
 * belongs to must follow its record with nothing of the same thread in between: the caller writes
 * it right after the record, synchronously. `previewNs`, the time making the preview took, goes in
 * the `Value` record's word 3: the store leaves it out of the self time of the running call.
 */
export function createValueWriter(ring: ValueRing): { write: (role: number, json: string, previewNs?: number) => void } {
  const encoder = new HostTextEncoder()
  let bytes = new Uint8Array(8192)
  let view = new DataView(bytes.buffer)
  return {
    write(role, json, previewNs = 0) {
      if (json.length * 3 + 12 > bytes.length) {
        bytes = new Uint8Array(json.length * 3 + 12)
        view = new DataView(bytes.buffer)
      }
      const { written } = encoder.encodeInto(json, bytes)
      if (written === 0) return
      bytes.fill(0, written, written + 12)
      // Unsigned in the word (4.3 s at most); a negative or NaN time (a clock that jumped) is 0.
      ring.push(VALUE, role, written, previewNs > 0 ? Math.min(Math.round(previewNs), 0xFFFFFFFF) | 0 : 0)
      for (let at = 0; at < written; at += 12)
        ring.push(VALUE_BYTES, view.getInt32(at, true), view.getInt32(at + 4, true), view.getInt32(at + 8, true))
    },
  }
}
