import type { DecodedBatch } from '@execscope/core/codec'
import { BATCH_HEADER_BYTES, BatchFormatError, RECORD_BYTES, decodeBatch } from '@execscope/core/codec'

/*
 * Batch file format: batches exactly as `encodeBatch` / the ring writes them, back to back, nothing
 * in between. A batch is self-delimiting: its length is BATCH_HEADER_BYTES + recordCount × 16, and
 * recordCount sits at byte 32 of its header. Every thread of a process appends whole batches with
 * one write() on a file opened O_APPEND, so batches of different threads interleave but never mix;
 * per thread they are in sequence order. A process killed in the middle of a write can leave a
 * truncated last batch; `readBatchFile` reports it as `truncatedBytes` and keeps the batches before.
 */

/** Splits a batch file into its batches (each checked by `decodeBatch`). Throws `BatchFormatError` on a corrupt batch. */
export function readBatchFile(bytes: Uint8Array): { batches: DecodedBatch[], truncatedBytes: number } {
  const batches: DecodedBatch[] = []
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let at = 0
  while (at < bytes.byteLength) {
    if (bytes.byteLength - at < BATCH_HEADER_BYTES) break
    const length = BATCH_HEADER_BYTES + view.getUint32(at + 32, true) * RECORD_BYTES
    if (bytes.byteLength - at < length) break
    try {
      batches.push(decodeBatch(bytes.subarray(at, at + length)))
    }
    catch (error) {
      throw new BatchFormatError(`batch at byte ${at} of the file: ${(error as Error).message}`)
    }
    at += length
  }
  return { batches, truncatedBytes: bytes.byteLength - at }
}

/** Splits concatenated batches without decoding them (the exit path re-sends them as they are). */
export function splitBatches(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = []
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let at = 0; bytes.byteLength - at >= BATCH_HEADER_BYTES;) {
    const length = BATCH_HEADER_BYTES + view.getUint32(at + 32, true) * RECORD_BYTES
    if (bytes.byteLength - at < length) break
    out.push(bytes.subarray(at, at + length))
    at += length
  }
  return out
}
