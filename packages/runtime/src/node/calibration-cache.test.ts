import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CALIBRATION_TTL_MS, calibrationCache } from './calibration-cache.ts'

const measured = { recordNs: 3.5, clockNs: 44.7, countedNs: 3.1 }
let dir = ''

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'execscope-cost-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

function onlyFile(): string {
  const files = readdirSync(dir)
  expect(files).toHaveLength(1)
  return join(dir, files[0]!)
}

describe('calibrationCache', () => {
  it('gives a later process the figures an earlier one measured', () => {
    expect(calibrationCache('ring-counting', dir).read()).toBeUndefined()
    expect(calibrationCache('ring-counting', dir).write(measured)).toBe(measured)
    expect(calibrationCache('ring-counting', dir).read()).toEqual(measured)
    // Another ring or call strategy measures for itself.
    expect(calibrationCache('flight-recording', dir).read()).toBeUndefined()
  })

  it('serves an hour, then measures afresh', () => {
    calibrationCache('ring-counting', dir).write(measured)
    const file = onlyFile()
    const cached = JSON.parse(readFileSync(file, 'utf8'))
    writeFileSync(file, JSON.stringify({ ...cached, measuredAt: Date.now() - CALIBRATION_TTL_MS - 1 }))
    expect(calibrationCache('ring-counting', dir).read()).toBeUndefined()
    // A clock set back does not make a file last for ever.
    writeFileSync(file, JSON.stringify({ ...cached, measuredAt: Date.now() + 60_000 }))
    expect(calibrationCache('ring-counting', dir).read()).toBeUndefined()
  })

  it('does not serve figures of another processor or another build of the runtime', () => {
    calibrationCache('ring-counting', dir).write(measured)
    const file = onlyFile()
    const cached = JSON.parse(readFileSync(file, 'utf8'))
    writeFileSync(file, JSON.stringify({ ...cached, cpu: 'another processor' }))
    expect(calibrationCache('ring-counting', dir).read()).toBeUndefined()
    writeFileSync(file, JSON.stringify({ ...cached, runtime: cached.runtime - 1 }))
    expect(calibrationCache('ring-counting', dir).read()).toBeUndefined()
  })

  it('ignores a damaged file and keeps nominal costs out', () => {
    calibrationCache('ring-counting', dir).write(measured)
    const file = onlyFile()
    const cached = JSON.parse(readFileSync(file, 'utf8'))
    for (const bad of ['{"cpu":', 'null', JSON.stringify({ ...cached, calibration: { ...measured, clockNs: -1 } }), JSON.stringify({ ...cached, calibration: { recordNs: 1 } })]) {
      writeFileSync(file, bad)
      expect(calibrationCache('ring-counting', dir).read()).toBeUndefined()
    }
    rmSync(file)
    calibrationCache('ring-counting', dir).write({ recordNs: 3, clockNs: 42, countedNs: 3, isNominal: true })
    expect(readdirSync(dir)).toEqual([])
  })

  it('never throws when the directory cannot be written', () => {
    const cache = calibrationCache('ring-counting', join(dir, 'missing', 'dir'))
    expect(cache.write(measured)).toBe(measured)
    expect(cache.read()).toBeUndefined()
  })
})
