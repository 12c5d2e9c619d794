/** One record as four words, as the property tests compare them. */
export type Rec = [number, number, number, number]

/**
 * The records written to a ring but not drained yet, read straight from its slots: `words` is the
 * ring's buffer, `writeWord` the index of its published write/read word pair, `mask` capacity - 1.
 */
export function pendingSlots(words: Int32Array, writeWord: number, mask: number, pending: number): Rec[] {
  const out: Rec[] = []
  const read = words[writeWord + 1]!
  for (let k = 0; k < pending; k++) {
    const i = ((read + k) & mask) << 2
    out.push(Array.from(words.subarray(i, i + 4)) as Rec)
  }
  return out
}
