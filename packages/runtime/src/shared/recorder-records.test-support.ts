import type { Recorder } from './recorder.ts'
import type { BatchIdentity } from './ring-buffer.ts'
import { RECORD_KIND_NAMES, decodeBatch } from '@execscope/core/codec'

const identity: BatchIdentity = { sessionId: new Uint8Array(16), threadId: 0, timeOriginMs: 1_700_000_000_000 }

/** A clock the test moves by hand, in milliseconds. */
export function manualClock(startMs = 0): { now: () => number, ms: number } {
  const clock = { ms: startMs, now: () => clock.ms }
  return clock
}

/** One decoded record: its kind's name, the Timed flag, and words 1 to 3. */
export interface Row { kind: string, timed: boolean, site: number, payload: number, time: number }

/** Drains the recorder batch by batch and decodes every batch with the collector's decoder. */
export function drainBatches(rec: Pick<Recorder, 'drain'>, maxRecords = 8192): Row[][] {
  const batches: Row[][] = []
  for (let b; (b = rec.drain(maxRecords, identity));) {
    const { records } = decodeBatch(b.bytes)
    const rows: Row[] = []
    for (let i = 0; i < records.length; i += 4) {
      rows.push({
        kind: RECORD_KIND_NAMES[records[i]! & 0xFF]!,
        timed: ((records[i]! >> 8) & 1) === 1,
        site: records[i + 1]!,
        payload: records[i + 2]!,
        time: records[i + 3]!,
      })
    }
    batches.push(rows)
  }
  return batches
}

/** The words of the records one drain takes (up to 2^16 records), decoded; empty when there were none. */
export function drainWords(rec: Pick<Recorder, 'drain'>): Int32Array {
  const drained = rec.drain(1 << 16, identity)
  return drained ? decodeBatch(drained.bytes).records : new Int32Array(0)
}

/** Rows as `kind site payload`, a `*` after the kind of a timed record. */
export const short = (rows: Row[]): string[] => rows.map(r => `${r.kind}${r.timed ? '*' : ''} ${r.site} ${r.payload}`)
