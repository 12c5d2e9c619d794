import type { CostCalibration } from '../shared/self-cost.ts'
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
// Namespaces: a bundle's banner often declares `fileURLToPath` and `join` itself (see install.ts).
import * as nodePath from 'node:path'
import * as nodeUrl from 'node:url'

/** How long a calibration serves the later processes of the same machine, Node and runtime. */
export const CALIBRATION_TTL_MS: number = 60 * 60 * 1000

/** What a calibration measured on: a figure taken elsewhere does not serve. */
interface CalibrationKey {
  cpu: string
  /** Modification time of the runtime's own file: an upgraded or rebuilt runtime measures afresh. */
  runtime: number
}

interface CachedCalibration extends CalibrationKey {
  measuredAt: number
  calibration: CostCalibration
}

export interface CalibrationCache {
  /** A calibration measured within CALIBRATION_TTL_MS on this machine, this Node and this runtime. */
  read: () => CostCalibration | undefined
  /** Keeps a fresh measurement for the next processes; returns it. Never throws. */
  write: (calibration: CostCalibration) => CostCalibration
}

function isCost(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0
}

/**
 * The runtime's cost calibration, kept in a file of the OS temp directory for an hour. Measuring
 * takes 5–50 ms (calibrateCost), and a process that writes to a file without a drain worker does
 * it at exit: every short script and every test process would pay that again for figures that
 * depend on the machine, Node and the runtime, not on the run. One file per Node version, CPU
 * architecture and `variant` (the ring and call strategy measured); written whole (a temp file
 * renamed over it), so concurrent processes read an old or a new file, never half of one.
 */
export function calibrationCache(variant: string, dir: string = tmpdir()): CalibrationCache {
  const file = nodePath.join(dir, `execscope-cost-${process.version}-${process.arch}-${variant}.json`)
  let key: CalibrationKey | undefined
  const currentKey = (): CalibrationKey => (key ??= {
    cpu: cpus()[0]?.model ?? 'unknown',
    runtime: statSync(nodeUrl.fileURLToPath(import.meta.url)).mtimeMs,
  })
  return {
    read() {
      try {
        const cached = JSON.parse(readFileSync(file, 'utf8')) as Partial<CachedCalibration>
        const c = cached.calibration
        const { cpu, runtime } = currentKey()
        const age = Date.now() - (cached.measuredAt ?? 0)
        if (cached.cpu !== cpu || cached.runtime !== runtime || !(age >= 0 && age < CALIBRATION_TTL_MS)) return undefined
        if (c === undefined || !isCost(c.recordNs) || !isCost(c.clockNs) || !isCost(c.countedNs)) return undefined
        return { recordNs: c.recordNs, clockNs: c.clockNs, countedNs: c.countedNs }
      }
      catch {
        return undefined
      }
    },
    write(calibration) {
      if (calibration.isNominal) return calibration
      const temp = `${file}.${process.pid}.tmp`
      try {
        const cached: CachedCalibration = { ...currentKey(), measuredAt: Date.now(), calibration }
        writeFileSync(temp, JSON.stringify(cached))
        renameSync(temp, file)
      }
      catch {
        try {
          rmSync(temp, { force: true })
        }
        catch {}
      }
      return calibration
    },
  }
}
