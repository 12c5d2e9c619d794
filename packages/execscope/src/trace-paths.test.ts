import { afterEach, describe, expect, it, vi } from 'vitest'
import { probesEnabled } from './trace-paths.ts'

describe('probesEnabled', () => {
  afterEach(() => {
    delete process.env.EXECSCOPE_PROBES
    vi.restoreAllMocks()
  })

  it('is on unless EXECSCOPE_PROBES says 0 or false', () => {
    expect(probesEnabled()).toBe(true)
    for (const [value, on] of [['1', true], ['true', true], ['0', false], ['false', false], ['', true]] as const) {
      process.env.EXECSCOPE_PROBES = value
      expect(probesEnabled()).toBe(on)
    }
  })

  it('says once that a value it does not know leaves the probes on, instead of taking it silently for "on"', () => {
    const written: string[] = []
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true))
    process.env.EXECSCOPE_PROBES = 'off'
    expect(probesEnabled()).toBe(true)
    expect(probesEnabled()).toBe(true)
    expect(written).toEqual(['[execscope] EXECSCOPE_PROBES="off" is not 0 or 1 (0 leaves the probes out); the probes stay on.\n'])
  })
})
