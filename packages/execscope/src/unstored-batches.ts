import { existsSync, readdirSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

/**
 * What to say when a trace file does not exist but batch files wait beside it: a program run with
 * `--import execscope/register` (or a built Node program) writes its records to
 * `.execscope/batches/`, and the trace file only exists once `execscope ingest` stored them. Without
 * this, `execscope summary` right after such a run told the user to "run the app with the execscope
 * plugin", which they had just done. Undefined when the file exists or no batch file waits.
 */
export function unstoredBatchesHint(traceFile: string, cwd: string = process.cwd()): string | undefined {
  if (existsSync(traceFile)) return undefined
  const batchDir = join(dirname(traceFile), 'batches')
  let count: number
  try {
    count = readdirSync(batchDir).filter(name => name.endsWith('.batches')).length
  }
  catch {
    return undefined
  }
  if (count === 0) return undefined
  const isDefault = resolve(cwd, '.execscope/trace.duckdb') === resolve(traceFile)
  const command = isDefault ? 'execscope ingest' : `execscope ingest --trace ${relative(cwd, traceFile) || traceFile}`
  return `${count} batch ${count === 1 ? 'file waits' : 'files wait'} in ${relative(cwd, batchDir) || batchDir}: store ${count === 1 ? 'it' : 'them'} first with \`${command}\`.`
}
