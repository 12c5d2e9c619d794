// Common queries over a generated trace of ~10 M calls (bench/lib/store-trace.mjs ingested through
// createStore, three rounds), through the typed query API on a read-only store: p50/p95 of repeated
// runs with varying arguments. The generated trace has no state records, so this bench adds 1 M
// synthetic changes over 1 000 targets (state_records) to time state_history / state_at.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { createStore, createTraceQueries, decodeBatch } from '@execscope/store'
import { generateTrace } from './lib/store-trace.mjs'

const require = createRequire(import.meta.resolve('@execscope/store'))
const { DuckDBInstance } = require('@duckdb/node-api')

const EVENTS_PER_ROUND = Number(process.env.EXECSCOPE_BENCH_EVENTS ?? 7_000_000)
const REPEAT = 40
const log = message => process.stderr.write(`[query] ${message}\n`)
const dir = mkdtempSync(join(tmpdir(), 'execscope-query-'))
// EXECSCOPE_BENCH_TRACE=<path>: reuse (or make and keep) the generated file there.
const kept = process.env.EXECSCOPE_BENCH_TRACE
const file = kept ?? join(dir, 'trace.duckdb')

function rand(seed) {
  let s = seed
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648)
}

try {
  if (!kept || !existsSync(kept)) await generate()
  await measure()
}
finally {
  rmSync(dir, { recursive: true, force: true })
}

async function generate() {
  const writer = await createStore({ file })
  for (let round = 0; round < 3; round++) {
    log(`round ${round}: generating and ingesting ${EVENTS_PER_ROUND} events`)
    const trace = generateTrace({ events: EVENTS_PER_ROUND, seed: 42 + round })
    const inFlight = new Set()
    for (const bytes of trace.batches) {
      const promise = writer.ingest(decodeBatch(bytes))
      inFlight.add(promise)
      promise.finally(() => inFlight.delete(promise))
      if (inFlight.size >= 64) await Promise.race(inFlight)
    }
    await Promise.all(inFlight)
  }
  await writer.close()
  {
    const instance = await DuckDBInstance.create(file)
    const connection = await instance.connect()
    log('adding 1 M synthetic state changes')
    // Seven assignment sites (Target.k0 … Target.k6) changing 1 000 objects (Target#0 … Target#999).
    await connection.run(`INSERT INTO sites
      SELECT 2000000000 + j, 'bench.js#state:Target.k' || j || '#0', 'state', 'Target.k' || j, 'bench.js', 1, 1, false, false, 'bench' FROM range(7) r(j)`)
    await connection.run(`INSERT INTO state_records
      SELECT 1 + (i % 3), NULL, i * 1000, 2000000000 + (i % 7), i % 1000, NULL, (i // 1000)::VARCHAR FROM range(1000000) r(i)`)
    await connection.run('CHECKPOINT')
    connection.closeSync()
    instance.closeSync()
  }
}

async function measure() {
  const store = await createStore({ file, readOnly: true })
  const q = createTraceQueries(store)
  const [{ calls, threads }] = await store.query('SELECT (SELECT count(*) FROM calls) AS calls, (SELECT count(*) FROM threads) AS threads')
  const [{ max_ts: maxTs }] = await store.query('SELECT max(end_ts) AS max_ts FROM calls WHERE utid = 1')
  // Calls whose trees have a few to a few thousand calls: depth 2 to 4.
  const sample = (await store.query('SELECT call_id FROM (SELECT call_id FROM calls WHERE depth BETWEEN 2 AND 4) USING SAMPLE 2000 ROWS')).map(r => r.call_id)
  const leaves = (await store.query('SELECT call_id FROM (SELECT call_id FROM calls WHERE depth >= 6) USING SAMPLE 2000 ROWS')).map(r => r.call_id)
  log(`${calls} calls in ${threads} threads; timing ${REPEAT} runs of each query`)

  const next = rand(7)
  const pick = list => list[Math.floor(next() * list.length)]
  const cases = [
    ['slowest functions (`calls_slowest`, top 20)', () => store.query('SELECT * FROM calls_slowest LIMIT 20')],
    ['hot sites and their cost (`sites_hot`, top 20)', () => store.query('SELECT * FROM sites_hot LIMIT 20')],
    ['call tree of a call (`callTree`, depth 2-4)', () => q.callTree(pick(sample))],
    ['stack at a time (`stackAt`)', () => q.stackAt(1 + Math.floor(next() * 3), Math.floor(next() * maxTs))],
    ['why a call happened (`why`)', () => q.why(pick(leaves))],
    ['events in a 1 ms window of a thread (`events`)', () => { const from = Math.floor(next() * maxTs); return q.events({ thread: 1, from, to: from + 1e6 }) }],
    ['state history of a target (`stateHistory`, 1 000 changes)', () => q.stateHistory(`Target#${Math.floor(next() * 1000)}`)],
    ['state of a target at a time (`stateAt`)', () => q.stateAt(`Target#${Math.floor(next() * 1000)}`, Math.floor(next() * 1e9))],
  ]
  const rows = []
  let rowsReturned = 0
  for (const [name, run] of cases) {
    for (let i = 0; i < 3; i++) await run()
    const times = []
    for (let i = 0; i < REPEAT; i++) {
      const started = performance.now()
      const result = await run()
      times.push(performance.now() - started)
      rowsReturned += result.length
    }
    times.sort((a, b) => a - b)
    const p = f => times[Math.min(times.length - 1, Math.floor(f * times.length))]
    rows.push(`| ${name} | ${p(0.5).toFixed(1)} ms | ${p(0.95).toFixed(1)} ms | ${p(0.95) < 100 ? 'yes' : '**no**'} |`)
    log(`${name}: p50 ${p(0.5).toFixed(1)} ms, p95 ${p(0.95).toFixed(1)} ms`)
  }
  // Baseline in the same run: the cheapest full pass over the calls table.
  const baseTimes = []
  for (let i = 0; i < 10; i++) {
    const started = performance.now()
    await store.query('SELECT count(*), sum(dur) FROM calls')
    baseTimes.push(performance.now() - started)
  }
  baseTimes.sort((a, b) => a - b)
  await store.close()
  process.stdout.write(`## Queries over ${(Number(calls) / 1e6).toFixed(1)} M calls

The common queries through the typed query API (\`createTraceQueries\`) on a read-only store, ${REPEAT} runs each with varying arguments, over a ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB trace file of ${Number(calls).toLocaleString('en')} calls in ${threads} threads (generated, ingested through \`createStore\`). For scale, one full scan (\`count(*), sum(dur)\` over calls) takes ${baseTimes[5].toFixed(1)} ms (median of 10). Target: p95 < 100 ms each.

| query | p50 | p95 | p95 < 100 ms |
|---|---:|---:|:---:|
${rows.join('\n')}
`)
}
