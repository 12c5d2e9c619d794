import type { LinkSink } from './link-records.ts'

/**
 * Notes the records the probes just wrote (from the ring's `nextSeq` read before the write, to
 * its `nextSeq` now) as theirs: a run of them goes on while nothing else is written in between.
 * So `isWorthLinking` can tell a ring that holds only link records (no instrumented call can be
 * running: a process that loads no instrumented code, such as npm under
 * `NODE_OPTIONS=--import execscope/register`) from one that holds a call's Enter.
 */
export function noteOwnRecords(sink: LinkSink, before: number | undefined): void {
  const after = sink.ring.nextSeq
  if (before === undefined || after === undefined) return
  sink.ownRun = (sink.ownEnd === before ? sink.ownRun ?? 0 : 0) + ((after - before) | 0)
  sink.ownEnd = after
}
