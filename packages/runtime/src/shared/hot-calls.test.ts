import type { Row } from './recorder-records.test-support.ts'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { countHotCalls } from './hot-calls.ts'
import { createRecorder } from './recorder.ts'
import { drainBatches, manualClock, short } from './recorder-records.test-support.ts'

describe('countHotCalls', () => {
  // Replays drained records like the store's stack replay: every exit must end the call on top.
  function replay(rows: Row[]): { enters: Map<number, number>, counted: Map<number, number>, parents: Array<[number, number | undefined]> } {
    const stack: number[] = []
    const enters = new Map<number, number>()
    const counted = new Map<number, number>()
    const parents: Array<[number, number | undefined]> = []
    for (const row of rows) {
      if (row.kind === 'enter') {
        parents.push([row.site, stack.at(-1)])
        stack.push(row.site)
        enters.set(row.site, (enters.get(row.site) ?? 0) + 1)
      }
      else if (row.kind === 'return' || row.kind === 'throw') {
        expect(stack.pop(), `${row.kind} of ${row.site}`).toBe(row.site)
      }
      else if (row.kind === 'count') {
        counted.set(row.site, (counted.get(row.site) ?? 0) + row.payload)
      }
    }
    expect(stack).toEqual([])
    return { enters, counted, parents }
  }

  it('counts the calls of a hot, short site between samples, and says how many', () => {
    const clock = manualClock()
    const rec = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 4, sampleEvery: 8, clock, calls: countHotCalls })
    const tokens: number[] = []
    for (let i = 0; i < 3000; i++) {
      const t = rec.e(7)
      tokens.push(t)
      rec.r(7, t)
      clock.ms += 0.0001 // 100 ns apart: hot
    }
    // Calls 1-4 recorded and timed (the second already proves the site hot and short, but every
    // call of the first four is timed); from then on only one call in 1024 is (a sample).
    const shape = tokens.map(t => (t < 0 ? 'c' : t)).join('')
    expect(shape.slice(0, 16)).toBe('1111cccccccccccc')
    expect([...shape].flatMap((t, i) => (t === 'c' ? [] : [i + 1]))).toEqual([1, 2, 3, 4, 1028, 2052])
    const { enters, counted } = replay(drainBatches(rec).flat())
    expect(enters.get(7)).toBe(6)
    expect(counted.get(7)).toBe(2994)
    expect(rec.calls.countedCalls).toBe(2994)
  })

  it('records every call of a site whose calls are slow, or that runs less than 10 000 times a second', () => {
    for (const [durationMs, gapMs] of [[0.003, 0], [0, 0.2]] as const) {
      const clock = manualClock()
      const rec = createRecorder({ ringCapacity: 4096, timedCallsPerSite: 4, sampleEvery: 8, clock, calls: countHotCalls })
      for (let i = 0; i < 200; i++) {
        const t = rec.e(7)
        clock.ms += durationMs
        rec.r(7, t)
        clock.ms += gapMs
      }
      const { enters, counted } = replay(drainBatches(rec).flat())
      expect(enters.get(7)).toBe(200)
      expect(counted.size).toBe(0)
    }
  })

  it('counts everything a counted call calls, under its own site, and records it inside samples only', () => {
    const clock = manualClock()
    const rec = createRecorder({ ringCapacity: 4096, timedCallsPerSite: 2, sampleEvery: 4, clock, calls: countHotCalls })
    for (let i = 0; i < 400; i++) {
      const outer = rec.e(1)
      // 2 is called only every other time, so it is never hot enough on its own before 1 is.
      if (i % 2 === 0) {
        const inner = rec.e(2)
        rec.r(2, inner)
      }
      rec.r(1, outer)
      clock.ms += 0.0001
    }
    const { enters, counted, parents } = replay(drainBatches(rec).flat())
    expect((enters.get(1) ?? 0) + (counted.get(1) ?? 0)).toBe(400)
    expect((enters.get(2) ?? 0) + (counted.get(2) ?? 0)).toBe(200)
    expect(counted.get(1)).toBeGreaterThan(250)
    expect(counted.get(2)).toBeGreaterThan(100)
    // A recorded call of 2 always sits in a recorded call of 1.
    expect(parents.filter(([site]) => site === 2).every(([, parent]) => parent === 1)).toBe(true)
  })

  it('records the outermost counted call that throws, and no other', () => {
    const clock = manualClock()
    const rec = createRecorder({ ringCapacity: 4096, timedCallsPerSite: 2, sampleEvery: 64, clock, calls: countHotCalls })
    const call = (shouldThrow: boolean): void => {
      const outer = rec.e(1)
      const inner = rec.e(2)
      if (shouldThrow) {
        rec.x(2, inner, new Error('inner'))
        rec.r(2, inner)
        rec.x(1, outer, new Error('inner'))
        rec.r(1, outer)
        return
      }
      rec.r(2, inner)
      rec.r(1, outer)
    }
    for (let i = 0; i < 200; i++) {
      call(false)
      clock.ms += 0.0001
    }
    const before = drainBatches(rec).flat()
    // The drain ended counting; make the site hot again, then throw from a counted call.
    for (let i = 0; i < 200; i++) {
      call(false)
      clock.ms += 0.0001
    }
    const tokenOfNext = rec.e(1)
    rec.r(1, tokenOfNext)
    expect(tokenOfNext).toBeLessThan(0)
    call(true)
    const after = drainBatches(rec).flat()
    const last = after.findLastIndex(row => row.kind === 'enter')
    expect(short(after.slice(last, last + 2))).toEqual(['enter 1 0', 'throw 1 0'])
    expect(after.filter(row => row.kind === 'throw').length).toBe(1)
    const { enters, counted } = replay([...before, ...after])
    // 1: 400 calls, the lone counted one, and the one that threw; 2: 400 and the one that threw.
    expect((enters.get(1) ?? 0) + (counted.get(1) ?? 0)).toBe(402)
    expect((enters.get(2) ?? 0) + (counted.get(2) ?? 0)).toBe(401)
  })

  it('keeps recorded plus counted calls equal to the calls made, and the records well nested, for any program', () => {
    // A program: a tree of calls over sites 1-6, each node with a duration and a gap after it, and
    // async calls (entered by \`a\`, which moves the same countdowns) of site 7 and of site 4097,
    // which shares site 1's table entry.
    interface Node { site: number, throws: boolean, children: Node[] }
    const node: fc.Memo<Node> = fc.memo(depth => fc.record({
      site: fc.constantFrom(1, 2, 3, 4, 5, 6, 7, 4097),
      throws: fc.boolean(),
      children: depth > 1 ? fc.array(node(depth - 1), { maxLength: 3 }) : fc.constant([]),
    }))
    fc.assert(fc.property(
      fc.array(node(4), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 1, max: 30 }),
      fc.constantFrom(0, 0.00005, 0.01),
      fc.integer({ min: 0, max: 4 }),
      (roots, repeat, stepMs, flushEvery) => {
        const clock = manualClock()
        const rec = createRecorder({ ringCapacity: 1 << 16, timedCallsPerSite: 2, sampleEvery: 4, clock, calls: countHotCalls })
        const made = new Map<number, number>()
        const run = (n: Node): void => {
          made.set(n.site, (made.get(n.site) ?? 0) + 1)
          const t = n.site >= 7 ? rec.a(n.site) : rec.e(n.site)
          try {
            clock.ms += stepMs
            for (const child of n.children) {
              try {
                run(child)
              }
              catch {}
            }
            if (n.throws) throw new Error('x')
          }
          catch (error) {
            rec.x(n.site, t, error)
            throw error
          }
          finally {
            rec.r(n.site, t)
          }
        }
        const rows: Row[] = []
        for (let i = 0; i < repeat; i++) {
          for (const root of roots) {
            try {
              run(root)
            }
            catch {}
          }
          if (flushEvery !== 0 && i % flushEvery === 0) rows.push(...drainBatches(rec).flat())
        }
        rows.push(...drainBatches(rec).flat())
        const { enters, counted } = replay(rows)
        for (const [site, n] of made) {
          // Site 1's entry is shared: what was counted there before site 1 owned it goes out as
          // site 0, "one of several" (no other site counts at that entry).
          const shared = site === 1 ? (counted.get(0) ?? 0) : 0
          expect((enters.get(site) ?? 0) + (counted.get(site) ?? 0) + shared, `site ${site}`).toBe(n)
        }
        for (const n of counted.values()) expect(n).toBeGreaterThan(0)
      },
    ), { numRuns: 300 })
  })

  it('writes the counts of a flush from inside a counted call and goes on counting, in step', () => {
    const clock = manualClock()
    const rec = createRecorder({ ringCapacity: 1 << 16, timedCallsPerSite: 4, sampleEvery: 8, clock, calls: countHotCalls })
    const rows: Row[] = []
    let made7 = 0
    let made8 = 0
    // 7 is hot and short, and calls 8; the 300th call of 7 flushes from inside, between its callees.
    for (let i = 0; i < 600; i++) {
      made7++
      const t = rec.e(7)
      made8++
      rec.r(8, rec.e(8))
      if (i === 300) rows.push(...drainBatches(rec).flat())
      made8++
      rec.r(8, rec.e(8))
      rec.r(7, t)
      clock.ms += 0.0001
    }
    // Then 9, at top level only, once a millisecond (not hot): recorded, every call.
    for (let i = 0; i < 5; i++) {
      rec.r(9, rec.e(9))
      clock.ms += 1
    }
    rows.push(...drainBatches(rec).flat())
    const { enters, counted } = replay(rows)
    expect((enters.get(7) ?? 0) + (counted.get(7) ?? 0)).toBe(made7)
    expect((enters.get(8) ?? 0) + (counted.get(8) ?? 0)).toBe(made8)
    expect(counted.get(7)).toBeGreaterThan(0)
    expect(enters.get(9)).toBe(5)
    expect(counted.get(9)).toBeUndefined()
  })

  it('stops counting for good when the value recorder asks it to', () => {
    const clock = manualClock()
    const rec = createRecorder({ ringCapacity: 4096, timedCallsPerSite: 4, sampleEvery: 8, clock, calls: countHotCalls })
    for (let i = 0; i < 50; i++) rec.r(7, rec.e(7))
    rec.calls.recordEveryCall!()
    for (let i = 0; i < 100; i++) rec.r(7, rec.e(7))
    const { enters, counted } = replay(drainBatches(rec).flat())
    expect((enters.get(7) ?? 0) + (counted.get(7) ?? 0)).toBe(150)
    expect(enters.get(7)! >= 100).toBe(true)
  })

  it('counts calls at level `count` (k) in a table of its own, a Count record per site at each flush; a site whose entry is taken writes one per call', () => {
    const clock = manualClock()
    const rec = createRecorder({ ringCapacity: 4096, timedCallsPerSite: 4, sampleEvery: 8, siteTableSize: 16, clock, calls: countHotCalls })
    const k = rec.calls.k!
    // 3 and 19 share entry 3 of the 16: the first to come counts there, the other writes records.
    for (let i = 0; i < 500; i++) {
      k(3)
      if (i % 5 === 0) k(19)
      // A recorded call (3 µs: not short) of a site on the same entry leaves the counts alone.
      const t = rec.e(35)
      clock.ms += 0.003
      rec.r(35, t)
    }
    const first = drainBatches(rec).flat()
    expect(first.filter(row => row.kind === 'count' && row.site === 19)).toHaveLength(100)
    const { counted, enters } = replay(first)
    expect({ 3: counted.get(3), 19: counted.get(19), 35: enters.get(35) }).toEqual({ 3: 500, 19: 100, 35: 500 })
    for (let i = 0; i < 7; i++) k(3)
    expect(replay(drainBatches(rec).flat()).counted.get(3)).toBe(7)
    expect(rec.calls.countedCalls).toBe(607)
  })
})
