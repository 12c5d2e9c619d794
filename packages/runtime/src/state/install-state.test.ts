import { RecordFlag, RecordKind, ValueRole } from '@execscope/core/codec'
import { describe, expect, it } from 'vitest'
import { createRecorder } from '../shared/recorder.ts'
import { drainWords } from '../shared/recorder-records.test-support.ts'
import { valueTextAt } from '../shared/value-records.test-support.ts'
import { VALUE, VALUE_BYTES } from '../shared/value-writer.ts'
import { installState, ROLE_STATE, STATE_TIMED, STATE_UNTIMED } from './install-state.ts'

/** The changes in the ring as `site#instance [old, new]` (or `site#instance` without previews). */
function changes(recorder: ReturnType<typeof createRecorder>): string[] {
  const words = drainWords(recorder)
  const out: string[] = []
  for (let i = 0; i < words.length; i += 4) {
    const kind = words[i]! & 0xFF
    if (kind === RecordKind.State) {
      expect((words[i]! >>> 8) & RecordFlag.Timed).toBe(RecordFlag.Timed)
      out.push(`${words[i + 1]}#${words[i + 2]}`)
    }
    if (kind !== RecordKind.Value) continue
    expect(words[i + 1]).toBe(ValueRole.State)
    out[out.length - 1] += ` ${valueTextAt(words, i)}`
  }
  return out
}

/** `this.key = value` as instrumented code does it. */
function assign<T>(state: ReturnType<typeof installState>, site: number, target: any, key: string, value: T): T {
  return state.c(site, target, key, state.o(site, target, key), target[key] = value)
}

describe('installState', () => {
  it('uses the codec\'s record words', () => {
    expect([STATE_TIMED, STATE_UNTIMED, VALUE, VALUE_BYTES, ROLE_STATE]).toEqual([
      RecordKind.State | (RecordFlag.Timed << 8),
      RecordKind.State,
      RecordKind.Value,
      RecordKind.ValueBytes,
      ValueRole.State,
    ])
  })

  it('records created and changed properties with [old, new] previews, numbering objects per thread', () => {
    const recorder = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 0, sampleEvery: 1 << 16 })
    const state = installState(recorder.ring)
    const a: Record<string, unknown> = {}
    const b: Record<string, unknown> = { count: 1 }
    expect(assign(state, 7, a, 'items', ['x'])).toEqual(['x'])
    expect(assign(state, 8, b, 'count', 2)).toBe(2)
    assign(state, 7, a, 'items', ['x', 'y'])
    assign(state, 9, a, 'password', 'hunter2')
    expect(changes(recorder)).toEqual(['7#1 [["arr",["x"]]]', '8#2 [1,2]', '7#1 [["arr",["x"]],["arr",["x","y"]]]', '9#1 [["redacted"]]'])
  })

  it('adds the time each change takes to record to `cost.previewNs`, measured with its clock', () => {
    const recorder = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 0, sampleEvery: 1 << 16 })
    // 0.5 ms between the change's time and the end of its previews.
    let ms = 0
    const cost: { previewNs?: number } = {}
    const state = installState(recorder.ring, { clock: { now: () => (ms += 0.5) }, cost })
    assign(state, 1, {}, 'n', 1)
    assign(state, 1, {}, 'n', 2)
    expect(cost.previewNs).toBe(2 * 0.5e6)
    const words = drainWords(recorder)
    const previewTimes: number[] = []
    for (let i = 0; i < words.length; i += 4) if ((words[i]! & 0xFF) === RecordKind.Value) previewTimes.push(words[i + 3]! >>> 0)
    expect(previewTimes).toEqual([0.5e6, 0.5e6])
  })

  it('spends at most previewMsPerSecond on the previews of changes each second, and records the rest without previews', () => {
    const recorder = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 0, sampleEvery: 1 << 16 })
    // 6 ms between a change's time and the end of its previews: over 20 ms after the fourth.
    let ms = 0
    let step = 0
    const state = installState(recorder.ring, { clock: { now: () => (ms += step) } })
    // The first 256 previews of a second are never refused for their time (they run cold): instant ones here.
    const other: Record<string, unknown> = {}
    for (let i = 1; i <= 256; i++) {
      assign(state, 2, other, 'n', i)
      if (i % 32 === 0) changes(recorder)
    }
    changes(recorder)
    step = 6
    const target: Record<string, unknown> = {}
    for (let i = 1; i <= 6; i++) assign(state, 1, target, 'n', i)
    expect(changes(recorder)).toEqual(['1#2 [1]', '1#2 [1,2]', '1#2 [2,3]', '1#2 [3,4]', '1#2', '1#2'])
  })

  it('records nothing a counted call assigns, public or private, and what recorded calls assign', () => {
    const recorder = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 0, sampleEvery: 1 << 16 })
    let isCounting = false
    const state = installState(recorder.ring, { isInCountedCall: () => isCounting })
    const target: Record<string, unknown> = { n: 0 }
    assign(state, 1, target, 'n', 1)
    isCounting = true
    assign(state, 1, target, 'n', 2)
    // A private field: the instrumented code reads the old value in place and calls only c().
    state.c(2, target, '#secretless', 0, 5)
    isCounting = false
    assign(state, 1, target, 'n', 3)
    expect(changes(recorder)).toEqual(['1#1 [0,1]', '1#1 [2,3]'])
  })

  it('records nothing for the same value, accessors, frozen objects and non-objects, and calls no getter or setter', () => {
    const recorder = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 0, sampleEvery: 1 << 16 })
    const state = installState(recorder.ring)
    let calls = 0
    const target = {
      same: 1,
      get size() {
        calls++
        return 0
      },
      set size(_v: number) {
        calls++
      },
    }
    assign(state, 1, target, 'same', 1)
    assign(state, 2, target, 'size', 5)
    expect(calls).toBe(1) // the assignment's own setter call only
    const frozen = Object.freeze({ x: 1 })
    expect(() => {
      'use strict'
      assign(state, 3, frozen, 'x', 2)
    }).toThrow(TypeError)
    expect(state.c(4, undefined, 'x', state.o(4, undefined, 'x'), 5)).toBe(5)
    expect(changes(recorder)).toEqual([])
  })

  it('skips a Proxy in Node without running its traps', () => {
    const recorder = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 0, sampleEvery: 1 << 16 })
    const state = installState(recorder.ring)
    const traps: string[] = []
    const proxy = new Proxy({} as Record<string, unknown>, {
      getOwnPropertyDescriptor(t, k) {
        traps.push(String(k))
        return Reflect.getOwnPropertyDescriptor(t, k)
      },
    })
    proxy.y = 1
    // The assignment itself asks the proxy for its own descriptor (OrdinarySet on the receiver); nothing more runs.
    expect(traps).toEqual(['y'])
    assign(state, 1, proxy, 'x', 1)
    expect(traps).toEqual(['y', 'x'])
    expect(changes(recorder)).toEqual([])
  })

  it('keeps recording changes past the preview rate, without previews', () => {
    const recorder = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 0, sampleEvery: 1 << 16 })
    const state = installState(recorder.ring, { previewsPerSecond: 2, clock: { now: () => 5 } })
    const target: Record<string, number> = {}
    for (let i = 0; i < 4; i++) assign(state, 1, target, 'n', i)
    expect(changes(recorder)).toEqual(['1#1 [0]', '1#1 [0,1]', '1#1', '1#1'])
  })
})

describe('the per-site cap', () => {
  it('records a site\'s changes up to the cap, marks the next one ["capped"] and skips the rest, per site', () => {
    const recorder = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 0, sampleEvery: 1 << 16 })
    const state = installState(recorder.ring, { changesPerSitePerSecond: 2 })
    const target: Record<string, number> = {}
    for (let i = 1; i <= 6; i++) assign(state, 1, target, 'pos', i)
    assign(state, 2, target, 'other', 1)
    expect(changes(recorder)).toEqual(['1#1 [1]', '1#1 [1,2]', '1#1 [2,["capped"]]', '2#1 [1]'])
  })
})

describe('private fields', () => {
  it('take the old value the instrumented code read and the new one from the expression, or from `after`', () => {
    const recorder = createRecorder({ ringCapacity: 1024, timedCallsPerSite: 0, sampleEvery: 1 << 16 })
    const state = installState(recorder.ring)
    const target = {}
    expect(state.c(5, target, '#count', 1, 2)).toBe(2)
    // `this.#count++` evaluates to the old value; the field after it is passed last.
    expect(state.c(5, target, '#count', 2, 2, 3)).toBe(2)
    // Read as "skip" when `this` had no such field (the assignment throws then).
    expect(state.c(5, target, '#count', state.o(5, null, '#count'), 9)).toBe(9)
    expect(state.c(5, target, '#count', 3, 3)).toBe(3)
    expect(changes(recorder)).toEqual(['5#1 [1,2]', '5#1 [2,3]'])
  })
})
