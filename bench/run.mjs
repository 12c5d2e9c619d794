// `pnpm bench`: runs every bench/*.bench.mjs in its own process (one at a time, so they do not
// compete for the two cores), prints each one's Markdown section, and records them all with the
// date and the machine in RESULTS.md. Every figure is a ratio against a baseline measured in the
// same run. A bench that fails is reported as such; it never fails anything else.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)
const benches = readdirSync(here)
  .filter(f => f.endsWith('.bench.mjs'))
  .filter(f => only.length === 0 || only.some(name => f.startsWith(name)))
  .sort()

const machine = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`
const date = new Date().toISOString().slice(0, 10)
// Each bench's latest section is kept in results/, so `pnpm bench <name>` updates its own part.
const resultsDir = join(here, 'results')
mkdirSync(resultsDir, { recursive: true })

for (const file of benches) {
  process.stderr.write(`[bench] ${file}\n`)
  const started = performance.now()
  let body
  let ok = true
  try {
    body = execFileSync(process.execPath, ['--expose-gc', join(here, file)], { cwd: here, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 })
  }
  catch (error) {
    ok = false
    body = `_This benchmark failed: ${String(error.message).split('\n')[0]}_\n`
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(0)
  const section = `${body.trim()}\n\n_(${file}: ${date}, ${seconds} s, ${machine})_\n`
  process.stdout.write(`\n${section}`)
  if (ok) writeFileSync(join(resultsDir, `${file.replace(/\.bench\.mjs$/, '')}.md`), section)
}

const recorded = readdirSync(resultsDir).filter(f => f.endsWith('.md')).sort()
  .map(f => readFileSync(join(resultsDir, f), 'utf8'))
writeFileSync(join(here, 'RESULTS.md'), `# Benchmark results\n\nWritten by \`pnpm bench\` on ${date}. Each section says when and where it was last measured. Ratios compare against a baseline measured in the same run; absolute times drift with machine load (two cores, shared).\n\n${recorded.join('\n')}`)
process.stderr.write('[bench] wrote bench/RESULTS.md\n')
