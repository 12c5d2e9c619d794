import { dirname } from 'node:path'
import { RECORD_LEVELS } from '@execscope/core/codec'

/** Name of a build's site manifest, beside the trace file. */
export const SITES_FILE_NAME = 'sites.json'

/** Directory of per-module site manifests (`--import execscope/register`), beside the trace file. */
export const SITES_DIR_NAME = 'sites'

/**
 * Where the Node runtime of a build writes batch files when no collector is given: the trace
 * file's directory + `batches`, relative to the working directory of the process that runs.
 */
export function batchDirOf(traceFile: string): string {
  return `${dirname(traceFile).split('\\').join('/')}/batches`
}

/** Settings whose bad value was said already: once per process is enough. */
const refusedSettings = new Set<string>()

/**
 * An EXECSCOPE_* setting from the environment: what `parse` makes of it, `fallback` when it is
 * unset or empty, and also when `parse` refuses it (undefined), which is said once on stderr:
 * `[execscope] NAME="value" <refusal>`.
 */
function envSetting<T>(name: string, fallback: T, parse: (value: string) => T | undefined, refusal: string): T {
  const value = process.env[name]
  if (value === undefined || value === '') return fallback
  const parsed = parse(value)
  if (parsed !== undefined) return parsed
  if (!refusedSettings.has(name)) {
    refusedSettings.add(name)
    process.stderr.write(`[execscope] ${name}=${JSON.stringify(value)} ${refusal}\n`)
  }
  return fallback
}

/**
 * What a process that no bundler built (`--import execscope/register`, `execscope/jest`) records
 * of each function: EXECSCOPE_RECORD (`count`, `calls`, `values` or `full`), `full` by default, like the
 * plugin's `record` option under the dev server and Vitest.
 */
export function recordLevel(): typeof RECORD_LEVELS[number] {
  return envSetting('EXECSCOPE_RECORD', 'full', value => RECORD_LEVELS.find(level => level === value), `is not one of ${RECORD_LEVELS.join(', ')}; recording "full".`)
}

/**
 * The fraction of processes that record when no bundler built them (`--import execscope/register`,
 * `execscope/jest`): EXECSCOPE_SAMPLE, a number above 0 and at most 1, like the plugin's `sample`
 * option; 1 (every process) by default. A bad value is said once and every process records.
 */
export function sampleRate(): number {
  return envSetting('EXECSCOPE_SAMPLE', 1, (value) => {
    const rate = Number(value)
    return rate > 0 && rate <= 1 ? rate : undefined
  }, 'is not a number above 0 and at most 1 (the fraction of processes that record); every process records.')
}

/**
 * Records each thread's ring holds when no bundler built the process (`--import execscope/register`,
 * `execscope/jest`): EXECSCOPE_RING_CAPACITY, a power of two from 1024 to 4194304 like the plugin's
 * `ring.capacity`, `fallback` (the Node default) when unset. A server under heavy load that drops
 * records needs a larger ring, and without this setting register had no way to give it one.
 */
export function ringCapacity(fallback: number): number {
  return envSetting('EXECSCOPE_RING_CAPACITY', fallback, (value) => {
    const n = /^\d+$/.test(value) ? Number(value) : Number.NaN
    return Number.isInteger(n) && n >= 1024 && n <= 4194304 && (n & (n - 1)) === 0 ? n : undefined
  }, `is not a power of two from 1024 to 4194304 (records per thread ring, e.g. 1048576); using ${fallback}.`)
}

/**
 * Whether a process that no bundler built (`--import execscope/register`, `execscope/jest`)
 * installs the probes: EXECSCOPE_PROBES, `0` (or `false`) leaves them out, `1` (or `true`) keeps
 * them, the default. Any other value (`off`, `no`) is said once and the probes stay on, rather than
 * being taken silently for "on".
 */
export function probesEnabled(): boolean {
  return envSetting('EXECSCOPE_PROBES', true, value => (value === '0' || value === 'false' ? false : value === '1' || value === 'true' ? true : undefined), 'is not 0 or 1 (0 leaves the probes out); the probes stay on.')
}
