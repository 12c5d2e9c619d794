import type { RingBuffer } from './ring-buffer.ts'

/** RecordKind.Count as a literal, like recorder.ts (count-each-call.test.ts decodes what is written). */
const COUNT = 15

/**
 * Level `count` (`k`) where no counting strategy keeps counts of its own (hot-calls.ts does): a
 * Count record of one call per call, which the collector sums per site and batch. A module of its
 * own, so the browser runtime carries it only in builds that have such functions.
 */
export function countEachCall(ring: Pick<RingBuffer, 'push'>): (site: number) => void {
  return (site) => {
    ring.push(COUNT, site, 1, 0)
  }
}
