import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { tempStore } from '../test/helpers.ts'
import { nestedTraceArb } from '../test/trace-arbitraries.ts'

describe('createStore (properties)', () => {
  it('stores the same call and value rows whether a trace arrives in one batch or many', async () => {
    await fc.assert(fc.asyncProperty(nestedTraceArb, fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 6 }), async (t, cuts) => {
      const whole = await tempStore()
      const split = await tempStore()
      try {
        await whole.store.ingest(t.batch())
        for (const batch of t.batches(cuts)) await split.store.ingest(batch)
        for (const sql of ['SELECT * FROM calls ORDER BY call_id', 'SELECT * FROM values ORDER BY call_id'])
          expect(await split.store.query(sql)).toEqual(await whole.store.query(sql))
      }
      finally {
        await whole.dispose()
        await split.dispose()
      }
    }), { numRuns: 15 })
  })
})
