import { RecordKind, ValueRole } from '@execscope/core/codec'
import { describe, expect, it } from 'vitest'
import { countHotCalls } from '../shared/hot-calls.ts'
import { createRecorder } from '../shared/recorder.ts'
import { drainWords } from '../shared/recorder-records.test-support.ts'
import { valueTextAt } from '../shared/value-records.test-support.ts'
import { installValues, ROLE_ARGUMENTS, ROLE_RETURNED } from './install-values.ts'

const NAMES: Record<number, string> = { [RecordKind.Enter]: 'enter', [RecordKind.Return]: 'return', [RecordKind.Throw]: 'throw' }
const ROLES: Record<number, string> = { [ValueRole.Arguments]: 'args', [ValueRole.Returned]: 'returned', [ValueRole.Thrown]: 'thrown' }

/** The ring's records as `enter 7`, `return 7`, `args {...}`, in order. */
function records(recorder: ReturnType<typeof createRecorder>): string[] {
  const words = drainWords(recorder)
  const out: string[] = []
  for (let i = 0; i < words.length; i += 4) {
    const kind = words[i]! & 0xFF
    if (NAMES[kind]) out.push(`${NAMES[kind]} ${words[i + 1]}`)
    if (kind !== RecordKind.Value) continue
    out.push(`${ROLES[words[i + 1]!]} ${valueTextAt(words, i)}`)
  }
  return out
}

function setup(options: Parameters<typeof installValues>[1] = {}) {
  const recorder = createRecorder({ ringCapacity: 4096, timedCallsPerSite: 0, sampleEvery: 1 << 16 })
  const values = installValues({ r: recorder.r, x: recorder.x, recorder }, options)
  return { recorder, ...values }
}

describe('installValues', () => {
  it('uses the codec\'s value roles', () => {
    expect([ROLE_RETURNED, ROLE_ARGUMENTS]).toEqual([ValueRole.Returned, ValueRole.Arguments])
  })

  it('previews arguments after the entry and the return value after the exit, nested calls included', () => {
    const { recorder, p, v, q } = setup()
    // function outer(a, b) { return inner(a) + b }   function inner(x) { return x * 2 }
    const outer = (a: number, b: string): string => {
      const t = recorder.e(1)
      p(1, t, 'a,b', a, b)
      try {
        return v(1, t, inner(a) + b)
      }
      finally {
        q(1, t)
      }
    }
    const inner = (x: number): number => {
      const t = recorder.e(2)
      p(2, t, 'x', x)
      try {
        return v(2, t, x * 2)
      }
      finally {
        q(2, t)
      }
    }
    expect(outer(3, 'px')).toBe('6px')
    expect(records(recorder)).toEqual(['enter 1', 'args {"a":3,"b":"px"}', 'enter 2', 'args {"x":3}', 'return 2', 'returned 6', 'return 1', 'returned "6px"'])
  })

  it('previews nothing of a counted call, which has no Enter for values to follow, and keeps previewing recorded ones', () => {
    const clock = { ms: 0, now: () => clock.ms }
    const recorder = createRecorder({ ringCapacity: 1 << 16, timedCallsPerSite: 2, sampleEvery: 8, clock, calls: countHotCalls })
    const { p, v, q } = installValues({ r: recorder.r, x: recorder.x, recorder }, { clock, previewsPerSitePerSecond: 1 << 20, previewsPerSecond: 1 << 20 })
    // A hot, short function: 100 ns apart, counted after its first timed calls.
    const tokens: number[] = []
    for (let i = 0; i < 40; i++) {
      const t = recorder.e(7)
      tokens.push(t)
      p(7, t, 'i', i)
      clock.ms += 0.0001
      q(7, (v(7, t, i), t))
    }
    const counted = tokens.filter(t => t < 0).length
    expect(counted).toBeGreaterThan(30)
    const rows = records(recorder)
    const entries = rows.filter(r => r === 'enter 7').length
    // Every recorded call has its arguments and return value; no counted call left one.
    expect(entries).toBe(40 - counted)
    expect(rows.filter(r => r.startsWith('args ')).length).toBe(entries)
    expect(rows.filter(r => r.startsWith('returned ')).length).toBe(entries)
  })

  it('adds the time its previews take to the recorder\'s preview time, measured with the clock it was given', () => {
    // A clock that moves 0.25 ms at each read: every preview reads it twice (budget, then done).
    let ms = 0
    const clock = { now: () => (ms += 0.25) }
    const { recorder, p, v, q } = setup({ clock })
    expect(recorder.previewNs).toBeUndefined()
    const t = recorder.e(1)
    p(1, t, 'a', { big: 'x'.repeat(100) })
    v(1, t, 42)
    q(1, t)
    expect(recorder.previewNs).toBe(2 * 0.25e6)
    // Each preview's own time travels in its Value record (word 3), for the store to leave out of self time.
    const words = drainWords(recorder)
    const previewTimes: number[] = []
    for (let i = 0; i < words.length; i += 4) if ((words[i]! & 0xFF) === RecordKind.Value) previewTimes.push(words[i + 3]! >>> 0)
    expect(previewTimes).toEqual([0.25e6, 0.25e6])
  })

  it('spends at most previewMsPerSecond on previews each second, then records calls without values until the next second', () => {
    // Each preview takes 6 ms (the clock moves 6 ms at each read): over 20 ms after the fourth.
    let ms = 0
    let step = 0
    const clock = { now: () => (ms += step) }
    const { recorder, p } = setup({ clock, previewsPerSitePerSecond: 1000 })
    // The first 256 previews of a second are never refused for their time (they run cold): instant ones here.
    for (let i = 0; i < 256; i++) {
      p(2, recorder.e(2), 'i', i)
      if (i % 32 === 31) records(recorder)
    }
    step = 6
    for (let i = 0; i < 10; i++) p(1, recorder.e(1), 'i', i)
    expect(records(recorder).filter(row => row.startsWith('args'))).toEqual(['args {"i":0}', 'args {"i":1}', 'args {"i":2}', 'args {"i":3}'])
    // A second later the budget is back.
    ms += 1000
    p(1, recorder.e(1), 'i', 10)
    expect(records(recorder)).toEqual(['enter 1', 'args {"i":10}'])
  })

  it('hides the value of a secret-looking parameter', () => {
    const { recorder, p } = setup()
    p(6, recorder.e(6), 'user,password', 'ada', 'hunter2')
    expect(records(recorder)).toEqual(['enter 6', 'args {"user":"ada","password":["redacted"]}'])
  })

  it('takes the value of a return in finally over the one in try, and none when finally throws', () => {
    const { recorder, v, q, y } = setup()
    const superseded = (): number => {
      const t = recorder.e(3)
      try {
        try {
          return v(3, t, 1)
        }
        finally {
          // eslint-disable-next-line no-unsafe-finally
          return v(3, t, 2)
        }
      }
      finally {
        q(3, t)
      }
    }
    expect(superseded()).toBe(2)
    const throwing = (): number => {
      const t = recorder.e(4)
      try {
        try {
          return v(4, t, 1)
        }
        finally {
          // eslint-disable-next-line no-unsafe-finally
          throw new Error('late')
        }
      }
      catch (error) {
        y(4, t, error)
        throw error
      }
      finally {
        q(4, t)
      }
    }
    expect(throwing).toThrow('late')
    expect(records(recorder)).toEqual(['enter 3', 'return 3', 'returned 2', 'enter 4', 'throw 4'])
  })

  it('previews a thrown value once when asked (the browser runtime), and stops previewing a site past its rate', () => {
    const { recorder, p, y } = setup({ previewThrown: true, previewsPerSitePerSecond: 2 })
    const error = new TypeError('bad')
    for (let i = 0; i < 3; i++) {
      const t = recorder.e(5)
      p(5, t, 'i', i)
      y(5, t, error)
    }
    expect(records(recorder)).toEqual([
      'enter 5', 'args {"i":0}', 'throw 5', expect.stringMatching(/^thrown \["err","TypeError","bad",/),
      'enter 5', 'args {"i":1}', 'throw 5',
      'enter 5', 'throw 5',
    ])
  })
})
