import { resolve } from 'node:path'
import process from 'node:process'
import { ExecscopeError } from '@execscope/core'
import { createStore } from '@execscope/store'
import { cac } from 'cac'
import { formatSummary } from './summary-format.ts'

const cli = cac('execscope')

function printRows(rows: Record<string, unknown>[]): void {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0]!)
  process.stdout.write(`${columns.join('\t')}\n`)
  for (const row of rows) process.stdout.write(`${columns.map(c => String(row[c] ?? '')).join('\t')}\n`)
}

cli.command('sql <file> <query>', 'Run a read-only SQL query on a trace file; prints tab-separated rows')
  .example('execscope sql .execscope/trace.duckdb "select count(*) from calls"')
  .action(async (file: string, query: string) => {
    const store = await createStore({ file: resolve(file), readOnly: true })
    try {
      printRows(await store.query(query))
    }
    finally {
      await store.close()
    }
  })

cli.command('summary <file>', 'Print calls, threads, errors, drops and the functions with the most self time')
  .action(async (file: string) => {
    const store = await createStore({ file: resolve(file), readOnly: true })
    try {
      process.stdout.write(`${formatSummary(await store.summary(), { cwd: process.cwd() })}\n`)
    }
    finally {
      await store.close()
    }
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
