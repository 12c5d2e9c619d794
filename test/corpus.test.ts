import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createRequire } from 'node:module'
import type { InstrumentPlan } from '@execscope/core'
import { instrument } from '@execscope/instrument'
import { afterAll, describe, expect, it } from 'vitest'

// Semantic equivalence: every program prints one JSON verdict line, raw and instrumented alike,
// each in its own process. A program is a file (`name.js` runs as an ES module, `name.cjs` as
// CommonJS) or a directory with `main.mjs`/`main.cjs` (circular imports, classic scripts): every
// `.mjs`/`.cjs` in it is instrumented, and `*.script.js` files (classic scripts the program loads
// itself) are instrumented as scripts. Instrumented runs preload the recording runtime with
// `--import`, which also installs it on `globalThis` for scripts. A program whose first line is
// `// corpus: may fail` may exit non-zero and write to stderr: exit code and stderr must then
// match too, with paths and stack columns normalised (instrumentation shifts columns, never lines).
const corpusDir = fileURLToPath(new URL('./corpus/', import.meta.url))
const programs = readdirSync(corpusDir)
  .filter(name => name !== 'support' && (/\.c?js$/.test(name) || statSync(join(corpusDir, name)).isDirectory()))
  .sort()
const workDir = mkdtempSync(join(tmpdir(), 'execscope-corpus-'))
const runtimePath = join(workDir, 'recording-runtime.mjs')
// The runtime imports the product's state recorder; from the temp directory it is reached by URL.
const resolveUrl = (specifier: string): string => JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve(specifier)).href)
writeFileSync(runtimePath, readFileSync(join(corpusDir, 'support/recording-runtime.mjs'), 'utf8')
  .replace(`'@execscope/runtime/state'`, resolveUrl('@execscope/runtime/state'))
  .replace(`'@execscope/runtime/values'`, resolveUrl('@execscope/runtime/values')))
/** Every function at level `full`: arguments, return values and state changes are recorded too. */
const RECORD_ALL: InstrumentPlan = { levelFor: () => 'full' }
/** Every function at level `calls`, the default: exits are recorded inline, the return value stashed in a variable. */
const RECORD_CALLS: InstrumentPlan = { levelFor: () => 'calls' }
/** Every function at level `count`: only `k(S)` where its body starts. */
const COUNT_ONLY: InstrumentPlan = { levelFor: () => 'count' }
const CONCURRENCY = 2

afterAll(() => {
  if (!process.env.EXECSCOPE_KEEP_TMP) rmSync(workDir, { recursive: true, force: true })
})

interface Run { code: number | null, stdout: string, stderr: string }

// At most CONCURRENCY node processes at once, so the corpus behaves the same on two cores.
let running = 0
const waiting: (() => void)[] = []
async function slot<T>(task: () => Promise<T>): Promise<T> {
  if (running >= CONCURRENCY) await new Promise<void>(resolve => waiting.push(resolve))
  running++
  try {
    return await task()
  }
  finally {
    running--
    waiting.shift()?.()
  }
}

function run(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return slot(() => new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env: { ...process.env, NODE_OPTIONS: '', ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  }))
}

/** `withLines`: line numbers go too (instrumenting with `ownLines` adds lines). */
function normalise(text: string, dir: string, withLines = false): string {
  const lines = text.split(dir).join('<dir>').split(pathToFileURL(dir).href).join('<dir>').split('\n')
  const kept: string[] = []
  for (let i = 0; i < lines.length; i++) {
    // Node quotes the source line of an uncaught error above a caret: both are columns of text.
    if (/^\s*\^+\s*$/.test(lines[i + 1] ?? '')) { i++; continue }
    // Node names the line of an uncaught error above its quote: `<file>:<line>`.
    if (withLines && /^(?:file:\/\/)?<dir>\/\S+:\d+$/.test(lines[i]!)) continue
    kept.push(withLines ? lines[i]!.replace(/:\d+:\d+(?=\)?$)/, ':<line>:<col>') : lines[i]!.replace(/(:\d+):\d+(?=\)?$)/, '$1:<col>'))
  }
  return kept.join('\n')
}

interface Program { entry: string, files: { name: string, code: string, sourceType: 'module' | 'script' | 'auto' }[] }

function load(name: string): Program {
  const path = join(corpusDir, name)
  if (!statSync(path).isDirectory()) {
    const isCommonJs = name.endsWith('.cjs')
    const file = isCommonJs ? name : name.replace(/\.js$/, '.mjs')
    return { entry: file, files: [{ name: file, code: readFileSync(path, 'utf8'), sourceType: isCommonJs ? 'script' : 'module' }] }
  }
  const names = readdirSync(path).sort()
  const entry = names.find(file => /^main\.[cm]js$/.test(file))
  if (!entry) throw new Error(`corpus program ${name}/ has no main.mjs or main.cjs`)
  return {
    entry,
    files: names.map(file => ({
      name: file,
      code: readFileSync(join(path, file), 'utf8'),
      sourceType: file.endsWith('.mjs') ? 'module' as const : file.endsWith('.script.js') || file.endsWith('.cjs') ? 'script' as const : 'auto' as const,
    })),
  }
}

describe('semantic-equivalence corpus', () => {
  it('has at least 80 programs', () => {
    expect(programs.length).toBeGreaterThanOrEqual(80)
  })

  // Each program four times: every function at level `full`, as is and with `ownLines` (V8's
  // coverage under Vitest and Jest), at level `calls`, whose exits take another shape, and at
  // level `count`, which only counts.
  const variants = [{ suffix: '', ownLines: false, plan: RECORD_ALL }, { suffix: ' (own lines)', ownLines: true, plan: RECORD_ALL }, { suffix: ' (calls)', ownLines: false, plan: RECORD_CALLS }, { suffix: ' (count)', ownLines: false, plan: COUNT_ONLY }]
  const runs = programs.flatMap(name => variants.map(variant => [`${name}${variant.suffix}`, name, variant] as [string, string, typeof variant]))
  it.concurrent.each(runs)('%s', async (_label, name, { suffix, ownLines, plan }) => {
    const program = load(name)
    const base = name.replace(/\.c?js$/, '')
    const dirName = `${base}${suffix.replace(/\W+/g, '-').replace(/-$/, '')}`
    const rawDir = join(workDir, 'raw', dirName)
    const instrumentedDir = join(workDir, 'instrumented', dirName)
    mkdirSync(rawDir, { recursive: true })
    mkdirSync(instrumentedDir, { recursive: true })
    const warnings: string[] = []
    let sites = 0
    for (const file of program.files) {
      writeFileSync(join(rawDir, file.name), file.code)
      const result = instrument(file.code, `test/corpus/${base}/${file.name}`, plan, {
        sourceType: file.sourceType,
        runtimeSpecifier: pathToFileURL(runtimePath).href,
        onWarning: message => warnings.push(message),
        ownLines,
      })
      sites += result?.sites.length ?? 0
      writeFileSync(join(instrumentedDir, file.name), result?.code ?? file.code)
    }
    expect(warnings).toEqual([])
    expect(sites).toBeGreaterThan(0)

    const reportFile = join(instrumentedDir, 'report.json')
    const [raw, instrumented] = await Promise.all([
      run([program.entry], rawDir),
      run(['--import', pathToFileURL(runtimePath).href, program.entry], instrumentedDir, { EXECSCOPE_CORPUS_REPORT: reportFile }),
    ])
    const mayFail = program.files.find(file => file.name === program.entry)!.code.startsWith('// corpus: may fail')
    if (!mayFail) expect({ code: raw.code, stderr: raw.stderr }).toEqual({ code: 0, stderr: '' })
    const lines = raw.stdout.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(() => JSON.parse(lines[0]!)).not.toThrow()
    expect({ stdout: normalise(instrumented.stdout, instrumentedDir), code: instrumented.code, stderr: normalise(instrumented.stderr, instrumentedDir, ownLines) })
      .toEqual({ stdout: normalise(raw.stdout, rawDir), code: raw.code, stderr: normalise(raw.stderr, rawDir, ownLines) })

    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { errors: string[], calls: number, counted: number, stateRecords: number, valueRecords: number }
    expect(report.errors).toEqual([])
    if (plan === COUNT_ONLY) {
      expect({ calls: report.calls, valueRecords: report.valueRecords, stateRecords: report.stateRecords }).toEqual({ calls: 0, valueRecords: 0, stateRecords: 0 })
      expect(report.counted).toBeGreaterThan(0)
      return
    }
    expect(report.calls).toBeGreaterThan(0)
    // Its five calls whose default value throws are recorded, entered and thrown, besides boom's
    // four throws and the five arrows those throws leave through.
    if (name === 'default-param-throws.js') expect(report.throws).toBe(14)
    if (plan === RECORD_CALLS) {
      expect({ valueRecords: report.valueRecords, stateRecords: report.stateRecords }).toEqual({ valueRecords: 0, stateRecords: 0 })
      return
    }
    // A program with a `return X` statement ran some of them: return previews were written.
    if (/(?:^|[^.\w$])return\s+[^\s;}]/m.test(program.files.map(file => file.code).join('\n'))) expect(report.valueRecords).toBeGreaterThan(0)
    // 39 of its assignments change an own data property or a private field; the others throw, leave the value as it was, or go through a setter or a Proxy.
    if (name === 'state-assignments.js') expect(report.stateRecords).toBe(39)
  })
})
