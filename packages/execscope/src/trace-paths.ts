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

/**
 * Whether a process that no bundler built (`--import execscope/register`, `execscope/jest`)
 * records state changes, i.e. instruments at level `full`: unless EXECSCOPE_STATE=0.
 */
export function recordsState(): boolean {
  return process.env.EXECSCOPE_STATE !== '0'
}
