import { dirname, resolve } from 'node:path'
import process from 'node:process'
import { ExecscopeError } from '@execscope/core'
import type { TraceSummary } from '@execscope/store'
import { readFileSync } from 'node:fs'
import { createStore, queryTraceFile } from '@execscope/store'
import { cac } from 'cac'
import { SITES_DIR_NAME, SITES_FILE_NAME } from './trace-paths.ts'
import { siteManifestPaths } from './sites-file.ts'
import { startStandaloneCollector } from './standalone-collector.ts'
import { cellText } from './cell-text.ts'
import { formatSummary } from './summary-format.ts'
import { unstoredBatchesHint } from './unstored-batches.ts'

const cli = cac('execscope')

// `execscope sql … | head`: once the reader has gone, the rows left have no one to read them.
// Without a listener Node throws EPIPE as an unhandled 'error' event, a stack trace instead of a
// quiet end; a collector (`execscope serve | …`) goes on recording and closes its file as usual.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error
})

/** `1 file`, `2 files`. */
function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

function printRows(columns: string[], rows: unknown[][]): void {
  process.stdout.write(`${columns.map(cellText).join('\t')}\n`)
  for (const row of rows) process.stdout.write(`${row.map(cellText).join('\t')}\n`)
}

/**
 * The summary of a trace file: read from the file, or, while a dev server records into it (the
 * file is locked), from that collector, which advertises itself beside the file.
 */
async function summaryOf(file: string): Promise<TraceSummary> {
  try {
    const store = await createStore({ file, readOnly: true })
    try {
      return await store.summary()
    }
    finally {
      await store.close()
    }
  }
  catch (error) {
    if (!(error instanceof ExecscopeError && /in use by another process/.test(error.message))) throw error
    let sqlUrl: unknown
    try {
      sqlUrl = (JSON.parse(readFileSync(`${file}.collector.json`, 'utf8')) as { sqlUrl?: unknown }).sqlUrl
    }
    catch {
      throw error
    }
    if (typeof sqlUrl !== 'string') throw error
    const response = await fetch(sqlUrl.replace(/\/api\/sql$/, '/api/summary'))
    if (!response.ok) throw new ExecscopeError('ES_TRACE_FILE', `The collector recording ${file} answered ${response.status} for its summary.`)
    return await response.json() as TraceSummary
  }
}

/** Runs `read` on a trace file; when the file is missing but batch files wait beside it, says to ingest them. */
async function readTrace<T>(file: string, read: (file: string) => Promise<T>): Promise<T> {
  try {
    return await read(file)
  }
  catch (error) {
    const hint = error instanceof ExecscopeError && error.code === 'ES_TRACE_FILE' ? unstoredBatchesHint(file) : undefined
    if (hint === undefined) throw error
    throw new ExecscopeError('ES_TRACE_FILE', `The trace file ${file} does not exist yet. ${hint}`)
  }
}

cli.command('sql <file> <query>', 'Run a read-only SQL query on a trace file; prints tab-separated rows')
  .example('execscope sql .execscope/trace.duckdb "select count(*) from calls"')
  .action(async (file: string, query: string) => {
    // While a dev server records into the file, the query goes through that collector.
    const { columns, rows, isTruncated } = await readTrace(resolve(file), traceFile => queryTraceFile(traceFile, query))
    printRows(columns.map(column => column.name), rows)
    if (isTruncated) process.stderr.write('[execscope] Output truncated; add a LIMIT or aggregate.\n')
  })

cli.command('summary [file]', 'Print calls, threads, errors, drops and the functions with the most self time (default file: .execscope/trace.duckdb)')
  .action(async (file: string | undefined) => {
    process.stdout.write(`${formatSummary(await readTrace(resolve(file ?? '.execscope/trace.duckdb'), summaryOf), { cwd: process.cwd() })}\n`)
  })

cli.command('ingest [dir]', 'Store the batch files a built Node app wrote (default: batches/ beside the trace file), with the build\'s sites.json')
  .option('--trace <file>', 'Trace file to store into', { default: '.execscope/trace.duckdb' })
  .option('--keep', 'Keep the batch files after storing them')
  .option('--sites <path>', 'Function names: a build\'s sites.json, or the .execscope/ (or .execscope/sites/) directory of a program run with --import execscope/register; default: those beside the trace file')
  .example('node dist/server.js && execscope ingest && execscope summary .execscope/trace.duckdb')
  .action(async (dir: string | undefined, flags: { trace: string, keep?: boolean, sites?: string }) => {
    const traceFile = resolve(flags.trace)
    // Loaded here: it brings the Node runtime's batch-file reader, which no other command needs.
    const { ingestBatchFiles } = await import('./ingest-batch-files.ts')
    const report = await ingestBatchFiles({
      traceFile,
      batchDir: resolve(dir ?? `${dirname(traceFile)}/batches`),
      ...siteManifestPaths(traceFile, flags.sites, SITES_FILE_NAME, SITES_DIR_NAME),
      keep: flags.keep === true,
      cwd: process.cwd(),
    })
    const parts = [`Stored ${count(report.batches, 'batch', 'batches')} (${count(report.records, 'record')}) from ${count(report.files, 'file')} into ${flags.trace}`]
    if (report.duplicates > 0) parts.push(`${count(report.duplicates, 'batch was', 'batches were')} already stored`)
    if (report.modules > 0) parts.push(`sites of ${count(report.modules, 'module')}`)
    if (report.statsReports > 0) parts.push(`the runtime's account of ${count(report.statsReports, 'thread')}`)
    if (report.truncatedBytes > 0) parts.push(`${report.truncatedBytes} bytes cut short by a killed process were left out`)
    process.stdout.write(`${parts.join('; ')}.\n`)
    for (const line of report.rejected) process.stderr.write(`[execscope] Rejected, file kept: ${line}\n`)
    if (report.rejected.length > 0) process.exitCode = 1
  })

cli.command('serve', 'Run a collector: Node programs (EXECSCOPE_ENDPOINT) and built apps (the endpoint option) send their records to it')
  .option('--trace <file>', 'Trace file to record into', { default: '.execscope/trace.duckdb' })
  .option('--host <host>', 'Interface to listen on', { default: '127.0.0.1' })
  .option('--port <port>', 'Port (0: a free one)', { default: 4318 })
  .option('--sample <rate>', 'Fraction of sessions to keep, from 0 to 1', { default: 1 })
  .option('--cors <origins>', 'Comma-separated origins allowed to send from a browser, or *')
  .option('--sites <path>', 'Function names of what sends: a build\'s sites.json, or the .execscope/ (or .execscope/sites/) directory of a program run with --import execscope/register; default: those beside the trace file')
  .example('execscope serve --port 4318 & EXECSCOPE_ENDPOINT=http://127.0.0.1:4318/__execscope node dist/server.js')
  .action(async (flags: { trace: string, host: string, port: unknown, sample: unknown, cors?: string, sites?: string }) => {
    const port = Number(flags.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new ExecscopeError('ES_BAD_OPTION', `--port must be an integer from 0 to 65535, got ${JSON.stringify(flags.port)}.`)
    const sampleRate = Number(flags.sample)
    if (!(sampleRate > 0 && sampleRate <= 1))
      throw new ExecscopeError('ES_BAD_OPTION', `--sample must be a number above 0 and at most 1 (the fraction of sessions kept), got ${JSON.stringify(flags.sample)}.`)
    const traceFile = resolve(flags.trace)
    const collector = await startStandaloneCollector({
      traceFile,
      ...siteManifestPaths(traceFile, flags.sites, SITES_FILE_NAME, SITES_DIR_NAME),
      host: flags.host,
      port,
      sampleRate,
      corsOrigins: flags.cors?.split(',').map(origin => origin.trim()).filter(Boolean),
    })
    process.stdout.write(`[execscope] Collector at ${collector.url}, recording to ${flags.trace}${sampleRate < 1 ? ` (keeping ${sampleRate * 100}% of sessions)` : ''}.\n`)
    process.stdout.write(`[execscope] Run Node programs with EXECSCOPE_ENDPOINT=${collector.url}; stop with Ctrl+C.\n`)
    await new Promise<void>((resolveStop) => {
      const stop = (): void => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        void collector.close().then(resolveStop)
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
    })
    process.stdout.write(`[execscope] Stopped; ${flags.trace} is closed${collector.sampledOut > 0 ? ` (${collector.sampledOut} sessions sampled out)` : ''}.\n`)
  })

cli.help()

async function main(): Promise<void> {
  try {
    cli.parse(process.argv, { run: false })
    // --help (or -h) was printed by parse itself.
    if (cli.options.help) return
    if (!cli.matchedCommand) {
      if (cli.args.length > 0) process.stderr.write(`[execscope] Unknown command "${cli.args[0]}". The commands are: sql, summary, ingest, serve.\n\n`)
      cli.outputHelp()
      process.exitCode = process.argv.length > 2 ? 1 : 0
      return
    }
    await cli.runMatchedCommand()
  }
  catch (error) {
    // Users never see a stack trace for an error of their own making.
    const message = error instanceof ExecscopeError ? error.message : `[execscope] ${(error as Error).message}`
    process.stderr.write(`${message}\n`)
    process.exitCode = 1
  }
}

void main()
