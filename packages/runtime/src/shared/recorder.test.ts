import type { Recorder, RecorderConfig } from './recorder.ts'
import { RecordKind, TIME_HIGH_UNIT } from '@execscope/core/codec'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createRecorder } from './recorder.ts'
import { drainBatches, manualClock, short } from './recorder-records.test-support.ts'

function untimedRecorder(extra: Partial<RecorderConfig> = {}): Recorder {
  // The first call of a site is call 1, and 1 & (65536 - 1) !== 0: nothing is timed.
  return createRecorder({ ringCapacity: 1024, timedCallsPerSite: 0, sampleEvery: 65536, ...extra })
}

describe('createRecorder', () => {
  it('writes exactly one record per call of e, r, x, a, s, u, and nothing for the r after an x', () => {
    const rec = untimedRecorder()
    const value = { v: 1 }
    const t1 = rec.e(10)
    const t2 = rec.a(20)
    expect(rec.s(20, t2, value)).toBe(value)
    expect(rec.u(20, t2, 'resumed')).toBe('resumed')
    rec.r(20, t2)
    const t3 = rec.a(30)
    rec.x(30, t3, new Error('boom'))
    rec.r(30, t3)
    rec.x(10, t1, 'thrown')
    rec.r(10, t1)
    expect([t1, t2, t3]).toEqual([0, 2, 4])
    const [rows, ...rest] = drainBatches(rec)
    expect(rest).toEqual([])
    expect(short(rows!)).toMatchInlineSnapshot(`
      [
        "enter 10 0",
        "enter 20 1",
        "suspend 20 1",
        "resume 20 1",
        "return 20 1",
        "enter 30 2",
        "throw 30 2",
        "throw 10 0",
      ]
    `)
    expect(rows!.every(r => r.time === 0)).toBe(true)
  })

  it('ends a call that threw inside a nested call with one Throw for the inner and one Return for the outer', () => {
    const rec = untimedRecorder()
    const outer = rec.e(1)
    const inner = rec.e(2)
    rec.x(2, inner, null)
    rec.r(2, inner)
    rec.r(1, outer)
    const inner2 = rec.e(2)
    rec.r(2, inner2)
    expect(short(drainBatches(rec)[0]!)).toEqual(['enter 1 0', 'enter 2 0', 'throw 2 0', 'return 1 0', 'enter 2 0', 'return 2 0'])
  })

  it('accepts the legal irregular sequences: a redundant resume, and an exit while suspended', () => {
    const rec = untimedRecorder()
    // async function f() { try { await p } catch { ... } }, where p rejects: the catch resumes again.
    const t = rec.a(40)
    rec.s(40, t, 0)
    rec.u(40, t, 0)
    rec.u(40, t, 0)
    rec.s(40, t, 0)
    // A rejected await with no catch in the body: the call throws while suspended.
    rec.x(40, t, new Error('rejected'))
    rec.r(40, t)
    // A generator closed by .return() at a yield: the exit ends the suspended call.
    const g = rec.a(41)
    rec.s(41, g, 0)
    rec.r(41, g)
    expect(short(drainBatches(rec).flat())).toEqual([
      'enter 40 1',
      'suspend 40 1',
      'resume 40 1',
      'resume 40 1',
      'suspend 40 1',
      'throw 40 1',
      'enter 41 2',
      'suspend 41 2',
      'return 41 2',
    ])
  })

  it('times the first timedCallsPerSite calls of a site, then one call in sampleEvery', () => {
    const clock = manualClock(5)
    const rec = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 3, sampleEvery: 4, clock })
    const tokens: number[] = []
    for (let i = 0; i < 16; i++) {
      const t = rec.e(7)
      tokens.push(t)
      rec.e(8 + 4096) // another site: has its own counter, unless ids collide in the table
      rec.r(7, t)
    }
    // Calls 1-3 (first N), then calls 4, 8, 12, 16 (c & 3 === 0).
    expect(tokens.join('')).toBe('1111000100010001')
    const rows = drainBatches(rec).flat().filter(r => r.site === 7)
    const enters = rows.filter(r => r.kind === 'enter').map(r => (r.timed ? 1 : 0)).join('')
    const returns = rows.filter(r => r.kind === 'return').map(r => (r.timed ? 1 : 0)).join('')
    expect(enters).toBe('1111000100010001')
    expect(returns).toBe(enters)
    expect(rows.filter(r => !r.timed).every(r => r.time === 0)).toBe(true)
  })

  it('times exactly calls c <= timedCallsPerSite or c % sampleEvery === 0 of each site, for any settings', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: 0, max: 6 }).map(p => 2 ** p),
      fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 300 }),
      (timedCallsPerSite, sampleEvery, sites) => {
        const rec = createRecorder({ ringCapacity: 1024, timedCallsPerSite, sampleEvery, clock: manualClock() })
        const calls = new Map<number, number>()
        for (const site of sites) {
          const c = (calls.get(site) ?? 0) + 1
          calls.set(site, c)
          const token = rec.e(site)
          rec.r(site, token)
          expect(token, `call ${c} of site ${site}`).toBe(c <= timedCallsPerSite || c % sampleEvery === 0 ? 1 : 0)
        }
      },
    ))
  })

  it('shares a counter between sites that collide in the site table', () => {
    const rec = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 2, sampleEvery: 65536, siteTableSize: 16, clock: manualClock() })
    // 3 and 19 land in the same entry of a 16-entry table: the third call of either is untimed.
    expect([rec.e(3), rec.e(19), rec.e(3), rec.e(35 + 1)]).toEqual([1, 1, 0, 1])
  })

  it('gives async calls distinct non-zero ids and carries the timed bit in the token', () => {
    const rec = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 1, sampleEvery: 65536, clock: manualClock() })
    const first = rec.a(5) // timed (first call)
    const second = rec.a(5) // untimed
    expect(first).toBe((1 << 1) | 1)
    expect(second).toBe(2 << 1)
    rec.s(5, first, 0)
    rec.u(5, second, 0)
    rec.r(5, first)
    rec.r(5, second)
    expect(short(drainBatches(rec).flat())).toEqual([
      'clock 0 0',
      'enter* 5 1',
      'enter 5 2',
      'suspend* 5 1',
      'resume 5 2',
      'return* 5 1',
      'return 5 2',
    ])
  })

  it('writes the time in nanoseconds since the origin, split between a clock anchor and the record', () => {
    const clock = manualClock(1234.567891)
    const rec = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 100, sampleEvery: 1, clock })
    const t = rec.e(9)
    clock.ms = 7000.5 // 7.0005e9 ns: past 2^32 ns, so the high word changes
    rec.r(9, t)
    const rows = drainBatches(rec).flat()
    expect(short(rows)).toEqual(['clock 0 0', 'enter* 9 0', 'clock 0 1', 'return* 9 0'])
    expect(rows[1]!.time >>> 0).toBe(1234567891)
    expect(rows[2]!.payload * TIME_HIGH_UNIT + (rows[3]!.time >>> 0)).toBe(7_000_500_000)
  })

  it('starts every batch whose records are timed with the clock anchor they need', () => {
    const clock = manualClock(0)
    const rec = createRecorder({ ringCapacity: 1 << 16, timedCallsPerSite: 0, sampleEvery: 2, clock })
    const expectedNs: number[] = []
    for (let round = 0; round < 6; round++) {
      // Enough records that a drain of 4096 must cut the backlog several times.
      for (let i = 0; i < 5000; i++) {
        clock.ms += 1.7 // crosses a 2^32 ns boundary every ~2500 calls
        const t = rec.e(11)
        if (t & 1) expectedNs.push(Math.round(clock.ms * 1e6))
        rec.r(11, t)
        if (t & 1) expectedNs.push(Math.round(clock.ms * 1e6))
      }
      const batches = drainBatches(rec, 4096)
      expect(batches.length).toBeGreaterThan(2)
      for (const batch of batches) {
        let high: number | undefined
        for (const row of batch) {
          if (row.kind === 'clock') high = row.payload
          else if (row.timed) {
            expect(high, 'timed record before any anchor in its batch').toBeDefined()
            expect(high! * TIME_HIGH_UNIT + (row.time >>> 0)).toBe(expectedNs.shift())
          }
        }
      }
    }
    expect(expectedNs).toEqual([])
  })

  it('records a call made by the clock itself untimed instead of recursing', () => {
    let rec: Recorder | undefined
    let depth = 0
    const clock = {
      now: () => {
        depth++
        // An instrumented clock would call back into the recorder.
        if (depth < 5) rec!.r(2, rec!.e(2))
        return 1
      },
    }
    rec = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 10, sampleEvery: 1, clock })
    rec.r(1, rec.e(1))
    expect(depth).toBe(2)
    expect(short(drainBatches(rec).flat())).toEqual(['enter 2 0', 'return 2 0', 'clock 0 0', 'enter* 1 0', 'enter 2 0', 'return 2 0', 'return* 1 0'])
  })

  it('keeps reading the clock it was given even if its now() is patched later', () => {
    const clock = manualClock(2)
    const rec = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 10, sampleEvery: 1, clock })
    clock.now = () => {
      throw new Error('patched')
    }
    expect(() => rec.r(1, rec.e(1))).not.toThrow()
    expect(drainBatches(rec).flat()[1]!.time).toBe(2_000_000)
  })

  it('counts and reports records dropped while the ring is full, and never throws', () => {
    const rec = untimedRecorder({ ringCapacity: 16 })
    for (let i = 1; i <= 100; i++) rec.e(i)
    expect(rec.ring.droppedTotal).toBe(84)
    const rows = drainBatches(rec).flat()
    expect(rows.length).toBe(17)
    expect(rows.at(-1)).toMatchObject({ kind: 'drop', payload: 84 })
  })

  it('rejects a bad configuration when it is created', () => {
    expect(() => createRecorder({ ringCapacity: 1024, timedCallsPerSite: 0, sampleEvery: 3 })).toThrow(/sampleEvery must be a power of two/)
    expect(() => createRecorder({ ringCapacity: 1000, timedCallsPerSite: 0, sampleEvery: 1 })).toThrow(/power of two/)
    expect(() => createRecorder({ ringCapacity: 1024, timedCallsPerSite: -1, sampleEvery: 1 })).toThrow(/timedCallsPerSite/)
  })

  it('uses performance.now by default, in nanoseconds since the time origin', () => {
    const rec = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 1, sampleEvery: 1 })
    const before = performance.now() * 1e6
    rec.e(4)
    const after = performance.now() * 1e6
    const [anchor, enter] = drainBatches(rec).flat()
    expect(anchor!.kind).toBe('clock')
    const ns = anchor!.payload * TIME_HIGH_UNIT + (enter!.time >>> 0)
    expect(ns).toBeGreaterThanOrEqual(Math.floor(before))
    expect(ns).toBeLessThanOrEqual(Math.ceil(after))
    expect(RecordKind.Clock).toBe(6)
  })
})
