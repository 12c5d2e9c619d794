import { describe, expect, it } from 'vitest'
import { countEachCall } from './count-each-call.ts'
import { createRecorder } from './recorder.ts'
import { drainBatches } from './recorder-records.test-support.ts'

describe('countEachCall', () => {
  it('writes a Count record of one call per call, beside the calls the recorder records', () => {
    const rec = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 0, sampleEvery: 64 })
    const k = countEachCall(rec.ring)
    const t = rec.e(5)
    k(9)
    k(9)
    rec.r(5, t)
    const rows = drainBatches(rec).flat().map(row => [row.kind, row.site, row.payload])
    expect(rows).toEqual([['enter', 5, 0], ['count', 9, 1], ['count', 9, 1], ['return', 5, 0]])
  })
})
