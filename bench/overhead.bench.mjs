// Whole-program overhead: each workload bundled with esbuild and run bare, instrumented by istanbul,
// and instrumented by execscope (every function; Node runtime recording to a batch file) in the
// default timing mode and with every call timed. Same output hash required; medians of interleaved
// runs; ratios against bare.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildVariants } from './lib/overhead-build.mjs'

const log = msg => process.stderr.write(`[overhead] ${msg}\n`)
const f2 = x => (x === undefined || Number.isNaN(x) ? '–' : `${x.toFixed(2)}×`)
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const ALL_WORKLOADS = ['acorn-parse', 'ajv-validate', 'dayjs-format', 'esprima-parse', 'handlebars-render', 'lodash-collections', 'markdown-render', 'ramda-pipeline']
// WORKLOADS=acorn-parse,ramda-pipeline runs a subset (while working on one cost).
const WORKLOADS = process.env.WORKLOADS ? process.env.WORKLOADS.split(',') : ALL_WORKLOADS
for (const w of WORKLOADS) if (!ALL_WORKLOADS.includes(w)) throw new Error(`WORKLOADS: unknown workload ${w}; known: ${ALL_WORKLOADS.join(', ')}`)
const REPS = Number(process.env.REPS ?? 5)
// Bare run time each workload's ROUNDS is scaled to, unless ROUNDS is set.
const TARGET_BARE_MS = Number(process.env.TARGET_BARE_MS ?? 700)

const dir = mkdtempSync(join(tmpdir(), 'execscope-overhead-'))
const batchFile = join(dir, 'trace.batches')
const statsFile = join(dir, 'stats.json')

function run(file, env) {
  const t0 = performance.now()
  const res = spawnSync(process.execPath, [file], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 20 })
  const ms = performance.now() - t0
  if (res.status !== 0) throw new Error(`${file} exited with ${res.status}: ${res.stderr.slice(0, 500)}`)
  return { ms, stdout: res.stdout.trim() }
}

const ALL_VARIANTS = [
  { key: 'bare', file: f => f.bare, env: {} },
  { key: 'istanbul', file: f => f.istanbul, env: {} },
  { key: 'shape', file: f => f.shape, env: {} },
  { key: 'default', file: f => f.execscope, env: { EXECSCOPE_TIMED_CALLS: '64' } },
  { key: 'timed', file: f => f.execscope, env: { EXECSCOPE_TIMED_CALLS: String(2 ** 20) } },
  { key: 'full', file: f => f.full, env: { EXECSCOPE_TIMED_CALLS: '64' } },
  { key: 'count', file: f => f.count, env: { EXECSCOPE_TIMED_CALLS: '64' } },
]
// VARIANTS=bare,default runs a subset; the table shows the others as "–".
const VARIANTS = process.env.VARIANTS ? ALL_VARIANTS.filter(v => process.env.VARIANTS.split(',').includes(v.key)) : ALL_VARIANTS
if (!VARIANTS.some(v => v.key === 'bare')) throw new Error('VARIANTS must include bare (every ratio is against it)')

const rows = []
try {
  for (const name of WORKLOADS) {
    const { files, sites } = await buildVariants(name, dir)
    const probe = run(files.bare, { ROUNDS: '1' })
    const rounds = process.env.ROUNDS ?? String(Math.max(1, Math.round(TARGET_BARE_MS / probe.ms)))
    log(`${name}: ${sites} sites, ROUNDS=${rounds}`)
    const times = Object.fromEntries(VARIANTS.map(v => [v.key, []]))
    const outputs = {}
    let stats
    let fullStats
    for (let rep = 0; rep < REPS; rep++) {
      // Interleave, rotating the order so no variant always runs first (or after a slow one).
      for (let k = 0; k < VARIANTS.length; k++) {
        const v = VARIANTS[(k + rep) % VARIANTS.length]
        rmSync(batchFile, { force: true })
        const res = run(v.file(files), { ...v.env, ROUNDS: rounds, EXECSCOPE_BENCH_FILE: batchFile, EXECSCOPE_BENCH_STATS: statsFile })
        times[v.key].push(res.ms)
        outputs[v.key] ??= res.stdout
        if (v.key === 'default' && !stats) stats = JSON.parse(readFileSync(statsFile, 'utf8'))
        if (v.key === 'full' && !fullStats) fullStats = JSON.parse(readFileSync(statsFile, 'utf8'))
      }
    }
    const hashes = new Set(Object.values(outputs))
    if (hashes.size !== 1) throw new Error(`${name}: the variants disagree: ${JSON.stringify(outputs)}`)
    const med = Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, median(xs)]))
    const row = { name, sites, rounds, bareMs: med.bare, stats, fullStats }
    for (const v of VARIANTS) row[v.key] = med[v.key] / med.bare
    rows.push(row)
    log(`${name}: bare ${med.bare.toFixed(0)} ms, ${VARIANTS.filter(v => v.key !== 'bare').map(v => `${v.key} ${f2(row[v.key])}`).join(', ')}`)
  }
}
finally {
  rmSync(dir, { recursive: true, force: true })
}

const mil = n => (n === undefined ? '–' : `${(n / 1e6).toFixed(1)} M`)
const lines = [
  '## Whole-program overhead: bare vs istanbul vs execscope',
  '',
  `Each workload bundled with esbuild (\`platform: 'node', format: 'esm'\`), then run as is, instrumented by \`istanbul-lib-instrument\` (\`esModules, compact\`), and instrumented by \`@execscope/instrument\` (every function) with the Node runtime (\`@execscope/runtime/node\`, file transport, ring 262144, flush every 200 ms, \`sampleEvery\` 64): default (\`timedCallsPerSite\` 64, and \`hotCalls: 'count'\`: a function that runs at least 10 000 times a second for under 2 µs a call is counted between its samples, with everything it calls, instead of recorded call by call) and every call timed and recorded (2^20); "full" is level \`full\` (what the dev server, Vitest and register record: also argument and return previews for up to 64 calls per function per second, and state changes), default timing (hot calls counted: their values and state changes are not recorded); "count only" is level \`count\` (\`record: 'count'\`: a counter call where each function's body starts, no try, no exit; the runtime's counts, no call rows). "Shape only" is the execscope-instrumented bundle with a runtime whose six functions do nothing: the cost of the injected calls and try/catch alone (try/finally where a function needs one: see packages/instrument/README.md), apart from recording. All variants printed the same hash. Median of ${REPS} interleaved runs of a whole process (start-up included), ratio to bare. "Recorded / dropped / counted" come from the default run's own stats (\`globalThis.__execscope.stats\`): a synchronous run never lets the flush timer fire, so once the ring is half full the runtime starts a drain worker that takes batches out of the ring's shared memory and appends them to the file meanwhile, and the exit path takes the ring over for the rest; drops are the records refused while the worker started up or fell behind. "Drain worker" is that worker's own time (taking and writing batches, on its thread), which the app-thread estimate leaves out.`,
  '',
  '| workload | ROUNDS | bare ms | istanbul | execscope shape only | execscope default | execscope every call timed | execscope full (dev level) | execscope count only | default < istanbul | recorded / dropped / counted calls (default) | est. own cost (default) | est. own cost (full) | drain worker (default) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|---:|---:|---:|---:|',
]
for (const r of rows) {
  const s = r.stats ?? { estimatedOverhead: NaN }
  lines.push(`| ${r.name} | ${r.rounds} | ${r.bareMs.toFixed(0)} | ${f2(r.istanbul)} | ${f2(r.shape)} | ${f2(r.default)} | ${f2(r.timed)} | ${f2(r.full)} | ${f2(r.count)} | ${r.default < r.istanbul ? 'yes' : '**no**'} | ${mil(s.records)} / ${mil(s.drops)} / ${mil(s.countedCalls)} | ${(s.estimatedOverhead * 100).toFixed(0)}% | ${r.fullStats ? `${(r.fullStats.estimatedOverhead * 100).toFixed(0)}%` : '–'} | ${(((s.workerDrainNs ?? 0) + (s.workerSendNs ?? 0)) / 1e6).toFixed(0)} ms |`)
}
const medOf = key => (rows[0]?.[key] === undefined ? undefined : median(rows.map(r => r[key])))
lines.push(`| **median** | | | ${f2(medOf('istanbul'))} | ${f2(medOf('shape'))} | ${f2(medOf('default'))} | ${f2(medOf('timed'))} | ${f2(medOf('full'))} | ${f2(medOf('count'))} | ${rows.filter(r => r.default < r.istanbul).length}/${rows.length} | | | | |`)
lines.push('', `Targets: default below istanbul on every workload; median ≤ 1.30×. Est. own cost is the runtime's self-estimate (records, counted calls and clock reads × their calibrated costs, plus drain and write time, plus at level full the measured time of value and state previews) relative to the rest of the run; it leaves out the instrumented code's own slowdown (the shape-only column).`)
// A build with `sample: 0.1` runs nine processes (page loads) in ten on the inert runtime, whose
// functions do nothing, as the shape-only runtime's: over many of them, the expected slowdown.
if (rows.length > 0 && rows[0].shape !== undefined && rows[0].default !== undefined) {
  const sampled = rows.map(r => 0.9 * r.shape + 0.1 * r.default)
  lines.push('', `With \`sample: 0.1\` (a build that records one process or page load in ten; the others run on the inert runtime, whose functions do nothing, like the shape-only runtime), the expected slowdown over many runs, 0.9 × shape only + 0.1 × default: median ${f2(median(sampled))} (${f2(Math.min(...sampled))} to ${f2(Math.max(...sampled))}). (These workloads are CPU-bound libraries making millions of calls a second.)`)
}
process.stdout.write(`${lines.join('\n')}\n`)
