import type { ThreadTarget } from './persist/thread-target.ts'
import type { RecentCall } from './types.ts'
import { CallColumns } from './correlate/rows.ts'

interface Ring {
  target: ThreadTarget
  /** Up to 2 × perThread rows, oldest first; halved when full (no per-call objects). */
  calls: CallColumns
}

/** The newest calls of each thread, in memory, for the live panel: rows are copied column-wise; objects are made only when asked. */
export class RecentWindow {
  private readonly rings = new Map<number, Ring>()
  constructor(private readonly perThread: number) {}

  /** Keeps the newest calls of a committed batch. */
  add(target: ThreadTarget, calls: CallColumns): void {
    if (this.perThread <= 0 || calls.length === 0) return
    let ring = this.rings.get(target.utid)
    if (!ring) {
      ring = { target, calls: new CallColumns(this.perThread * 2) }
      this.rings.set(target.utid, ring)
    }
    const from = Math.max(0, calls.length - this.perThread)
    if (ring.calls.length + (calls.length - from) > this.perThread * 2) {
      const kept = new CallColumns(this.perThread * 2)
      const keep = Math.max(0, this.perThread - (calls.length - from))
      kept.copyFrom(ring.calls, ring.calls.length - Math.min(keep, ring.calls.length), ring.calls.length)
      ring.calls = kept
    }
    ring.calls.copyFrom(calls, from, calls.length)
  }

  /** The newest `limit` calls of thread `utid` or of all threads, in end order (newest last). */
  list(limit: number, utid?: number): RecentCall[] {
    const rings = utid === undefined ? [...this.rings.values()] : [this.rings.get(utid)].filter(r => r !== undefined)
    const all: RecentCall[] = []
    for (const { target, calls } of rings) {
      for (let i = Math.max(0, calls.length - Math.min(limit, this.perThread)); i < calls.length; i++) {
        const row = calls.row(i)
        all.push({ ...row, ts: row.ts + target.tsOffset, utid: target.utid, sessionId: target.sessionId, threadId: target.threadId })
      }
    }
    if (utid === undefined) all.sort((a, b) => (a.ts + a.dur) - (b.ts + b.dur) || a.utid - b.utid)
    return all.slice(Math.max(0, all.length - limit))
  }

  forget(utid: number): void {
    this.rings.delete(utid)
  }
}
