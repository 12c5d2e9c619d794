import { dirname, resolve } from 'node:path'
import process from 'node:process'
import { ExecscopeError } from '@execscope/core'
import type { TraceSummary } from '@execscope/store'
import { readFileSync } from 'node:fs'
import { createStore, queryTraceFile } from '@execscope/store'
import { cac } from 'cac'
import { SITES_FILE_NAME } from './trace-paths.ts'
import { ingestBatchFiles } from './ingest-batch-files.ts'
import { formatSummary } from './summary-format.ts'

const cli = cac('execscope')

function printRows(columns: string[], rows: unknown[][]): void {
  process.stdout.write(`${columns.join('\t')}\n`)
  for (const row of rows) process.stdout.write(`${row.map(value => String(value ?? '')).join('\t')}\n`)
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

cli.command('sql <file> <query>', 'Run a read-only SQL query on a trace file; prints tab-separated rows')
  .example('execscope sql .execscope/trace.duckdb "select count(*) from calls"')
  .action(async (file: string, query: string) => {
    // While a dev server records into the file, the query goes through that collector.
    const { columns, rows, isTruncated } = await queryTraceFile(resolve(file), query)
    printRows(columns.map(column => column.name), rows)
    if (isTruncated) process.stderr.write('[execscope] Output truncated; add a LIMIT or aggregate.\n')
  })

cli.command('summary <file>', 'Print calls, threads, errors, drops and the functions with the most self time')
  .action(async (file: string) => {
    process.stdout.write(`${formatSummary(await summaryOf(resolve(file)), { cwd: process.cwd() })}\n`)
  })

cli.command('ingest [dir]', 'Store the batch files a built Node app wrote (default: batches/ beside the trace file), with the build\'s sites.json')
  .option('--trace <file>', 'Trace file to store into', { default: '.execscope/trace.duckdb' })
  .option('--keep', 'Keep the batch files after storing them')
  .example('node dist/server.js && execscope ingest && execscope summary .execscope/trace.duckdb')
  .action(async (dir: string | undefined, flags: { trace: string, keep?: boolean }) => {
    const traceFile = resolve(flags.trace)
    const report = await ingestBatchFiles({
      traceFile,
      batchDir: resolve(dir ?? `${dirname(traceFile)}/batches`),
      sitesFile: resolve(dirname(traceFile), SITES_FILE_NAME),
      keep: flags.keep === true,
      cwd: process.cwd(),
    })
    const parts = [`Stored ${report.batches} batches (${report.records} records) from ${report.files} files into ${flags.trace}`]
    if (report.duplicates > 0) parts.push(`${report.duplicates} batches were already stored`)
    if (report.modules > 0) parts.push(`sites of ${report.modules} modules`)
    if (report.truncatedBytes > 0) parts.push(`${report.truncatedBytes} bytes cut short by a killed process were left out`)
    process.stdout.write(`${parts.join('; ')}.\n`)
    for (const line of report.rejected) process.stderr.write(`[execscope] Batch rejected, file kept: ${line}\n`)
    if (report.rejected.length > 0) process.exitCode = 1
  })

cli.help()

async function main(): Promise<void> {
  try {
    cli.parse(process.argv, { run: false })
    if (!cli.matchedCommand) {
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
