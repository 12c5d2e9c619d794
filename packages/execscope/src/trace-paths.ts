import { dirname } from 'node:path'

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

const RECORD_LEVELS = ['calls', 'values', 'full'] as const
let warnedLevel = false

/**
 * What a process that no bundler built (`--import execscope/register`, `execscope/jest`) records
 * of each function: EXECSCOPE_RECORD (`calls`, `values` or `full`), `full` by default, like the
 * plugin's `record` option under the dev server and Vitest.
 */
export function recordLevel(): 'calls' | 'values' | 'full' {
  const value = process.env.EXECSCOPE_RECORD
  if (value === undefined || value === '') return 'full'
  if ((RECORD_LEVELS as readonly string[]).includes(value)) return value as 'calls' | 'values' | 'full'
  if (!warnedLevel) {
    warnedLevel = true
    process.stderr.write(`[execscope] EXECSCOPE_RECORD=${JSON.stringify(value)} is not one of calls, values, full; recording "full".\n`)
  }
  return 'full'
}

let warnedSample = false

/**
 * The fraction of processes that record when no bundler built them (`--import execscope/register`,
 * `execscope/jest`): EXECSCOPE_SAMPLE, a number above 0 and at most 1, like the plugin's `sample`
 * option; 1 (every process) by default. A bad value is said once and every process records.
 */
export function sampleRate(): number {
  const value = process.env.EXECSCOPE_SAMPLE
  if (value === undefined || value === '') return 1
  const rate = Number(value)
  if (rate > 0 && rate <= 1) return rate
  if (!warnedSample) {
    warnedSample = true
    process.stderr.write(`[execscope] EXECSCOPE_SAMPLE=${JSON.stringify(value)} is not a number above 0 and at most 1 (the fraction of processes that record); every process records.\n`)
  }
  return 1
}
