import { describe, expect, it } from 'vitest'
import { clockResolutionNs } from './clock-resolution.ts'

/** A clock that returns the given readings in turn, then repeats the last one. */
function readings(...ms: number[]): { now: () => number } {
  let i = 0
  return { now: () => ms[Math.min(i++, ms.length - 1)]! }
}

describe('clockResolutionNs', () => {
  it('is the step of a quantized clock', () => {
    expect(clockResolutionNs(readings(5.1, 5.1, 5.2, 5.2, 5.3))).toBe(100_000)
  })

  it('does not take a pause of the thread between two readings for the step', () => {
    // The first move spans a 3.9 ms pause (a page still loading); the second is one step.
    expect(clockResolutionNs(readings(1, 1, 4.9, 4.9, 5))).toBe(100_000)
    expect(clockResolutionNs(readings(1, 1.0001, 9))).toBe(100)
  })

  it('takes the smallest of four moves: two pauses in a row are not the step either', () => {
    // Chromium's 100 µs clock, read across two 300 µs pauses before it is seen to move by one step.
    expect(clockResolutionNs(readings(1, 1.3, 1.6, 1.6, 1.7))).toBe(100_000)
  })

  it('is 0 for a clock that never moves', () => {
    expect(clockResolutionNs(readings(7))).toBe(0)
  })
})
