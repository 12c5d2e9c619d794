// The demo: runs this app under `vite dev` with execscope, drives it in headless Chromium, then
// prints what was recorded. `--once` exits after the summary; otherwise the dev server stays up.
import { rmSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createStore } from '@execscope/store'
import { formatSummary } from 'execscope'
import { chromium } from 'playwright-core'
import { createServer } from 'vite'
import { CHROMIUM, driveApp } from './drive.mjs'

const root = dirname(fileURLToPath(import.meta.url))
const once = process.argv.includes('--once')
const traceFile = join(root, '.execscope/trace.duckdb')
const started = performance.now()

// A fresh trace per demo run, so the summary describes this run only.
rmSync(traceFile, { force: true })
rmSync(`${traceFile}.wal`, { force: true })

const server = await createServer({ root, logLevel: 'warn', server: { host: '127.0.0.1', port: 5173 } })
await server.listen()
const url = server.resolvedUrls.local[0]
process.stderr.write(`[demo] playground running at ${url}\n`)

/**
 * The word-count worker ships what it recorded on its own timer, which the page's flush() does not
 * wait for: wait (up to 10 s) until its side of the five lists the page posted it is stored.
 */
async function workerShipped(base) {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    const response = await fetch(new URL('/__execscope/api/sql', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sql: 'select count(*) as n from message_receives where direction = \'down\'' }),
    })
    const { rows } = await response.json()
    const row = rows[0]
    if (Number(Array.isArray(row) ? row[0] : row.n) >= 5) return
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  process.stderr.write('[demo] the worker\'s records did not arrive within 10 s\n')
}

const browser = await chromium.launch(CHROMIUM)
let seen
try {
  const page = await browser.newPage()
  page.on('pageerror', error => process.stderr.write(`[demo] page error: ${error.message}\n`))
  seen = await driveApp(page, url)
  await workerShipped(url)
}
finally {
  await browser.close()
}
process.stderr.write(`[demo] the app shows: ${JSON.stringify(seen.items)}, "${seen.remaining}", error "${seen.error}"\n`)

let summary
if (once) {
  await server.close()
  const store = await createStore({ file: traceFile })
  summary = await store.summary()
  await store.close()
}
else {
  const response = await fetch(new URL('/__execscope/api/summary', url))
  summary = await response.json()
}
const seconds = ((performance.now() - started) / 1000).toFixed(1)
process.stdout.write(`${formatSummary(summary, { cwd: process.cwd() })}\n`)
process.stdout.write(`\nDemo took ${seconds} s. Query the trace with SQL:\n`)
const shown = relative(process.cwd(), traceFile)
process.stdout.write(`  pnpm exec execscope sql ${shown} "select s.name, count(*) calls from calls c join sites s using (site_id) group by all order by calls desc limit 5"\n`)
process.stdout.write(`  (or any DuckDB client once the dev server has stopped; tables: calls, sites, sessions, threads, drops, state_changes, message_pairs; macros: why(call_id), state_history('TodoStore#1'))\n`)
if (!once) {
  // Close the trace file on the way out so any DuckDB client can open it afterwards.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      process.stderr.write('\n[demo] stopping: closing the trace file\n')
      server.close().finally(() => process.exit(0))
    })
  }
  process.stdout.write(`\nThe dev server is still recording at ${url} (Ctrl+C to stop). While it runs, query through it:\n`)
  process.stdout.write(`  curl -s ${new URL('/__execscope/api/sql', url)} -H 'content-type: application/json' -d '{"sql":"select count(*) from calls"}'\n`)
}
