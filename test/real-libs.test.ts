import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import type { SiteRow } from '@execscope/core'
import { instrument } from '@execscope/instrument'
import { afterAll, describe, expect, it } from 'vitest'

// Real code: each bench workload (a real npm library doing real work) is bundled with esbuild,
// every function of the bundle is instrumented, and the bare and instrumented bundles run in
// separate processes. Their output (a hash of every result) must be identical, and the number of
// Enter records the PRODUCT recorder wrote per site must equal an independent count: V8's precise
// coverage of the bare bundle (NODE_V8_COVERAGE, call counts), function by function.
const workloadsDir = fileURLToPath(new URL('../bench/workloads/', import.meta.url))
const runtimePath = fileURLToPath(new URL('./support/real-libs/counting-runtime.mjs', import.meta.url))
const WORKLOADS = ['acorn-parse', 'esprima-parse', 'markdown-render', 'lodash-collections', 'ramda-pipeline', 'dayjs-format', 'ajv-validate', 'handlebars-render']
// V8 runs all instance field initializers of a class as one synthetic function, and all static
// fields and static blocks as another; the instrumenter gives each initializer and block its own
// site (`field-init`, `static-block`). Each such site must run exactly as often as the synthetic
// function of its kind that encloses it.
const SYNTHETIC = new Map<string, 'instance' | 'static'>([['<instance_members_initializer>', 'instance'], ['<static_initializer>', 'static']])

interface SyntheticRange { kind: 'instance' | 'static', start: number, end: number, count: number }
const workDir = mkdtempSync(join(tmpdir(), 'execscope-real-libs-'))

afterAll(() => {
  if (!process.env.EXECSCOPE_KEEP_TMP) rmSync(workDir, { recursive: true, force: true })
})

interface Run { code: number | null, stdout: string, stderr: string }

function run(file: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [file], { env: { ...process.env, ROUNDS: '1', ...env }, timeout: 60_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}

interface V8Function { functionName: string, isBlockCoverage: boolean, ranges: { startOffset: number, endOffset: number, count: number }[] }

/**
 * Per-function call counts V8 measured for one script, keyed by the function's start offset, and
 * the ranges of its synthetic class-initializer functions.
 */
function v8Counts(coverageDir: string, url: string, length: number): { counts: Map<number, { name: string, count: number }>, synthetic: SyntheticRange[] } {
  const counts = new Map<number, { name: string, count: number }>()
  const synthetic: SyntheticRange[] = []
  for (const file of readdirSync(coverageDir)) {
    const { result } = JSON.parse(readFileSync(join(coverageDir, file), 'utf8')) as { result: { url: string, functions: V8Function[] }[] }
    for (const script of result) {
      if (script.url !== url) continue
      for (const fn of script.functions) {
        const range = fn.ranges[0]!
        if (range.startOffset === 0 && range.endOffset === length) continue // the module itself
        const kind = SYNTHETIC.get(fn.functionName)
        if (kind) {
          synthetic.push({ kind, start: range.startOffset, end: range.endOffset, count: range.count })
          continue
        }
        expect(counts.has(range.startOffset), `two V8 functions start at ${range.startOffset}`).toBe(false)
        counts.set(range.startOffset, { name: fn.functionName, count: range.count })
      }
    }
  }
  return { counts, synthetic }
}

/** A field-init or static-block site's count: that of the innermost synthetic function of its kind around it. */
function syntheticCount(code: string, offset: number, site: SiteRow, synthetic: SyntheticRange[]): number | undefined {
  const kind = site.kind === 'static-block' || /^static\s+(?![\s(=;])/.test(code.slice(offset, offset + 40)) ? 'static' : 'instance'
  let best: SyntheticRange | undefined
  for (const range of synthetic) {
    if (range.kind === kind && range.start <= offset && offset < range.end && (!best || range.start >= best.start)) best = range
  }
  return best?.count
}

function lineStarts(code: string): number[] {
  const starts = [0]
  for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

/**
 * Where V8 starts the function of a site. Sites start at the method's first token; V8 starts a
 * method after its `static` modifier (`async`, `get`, `*` and computed keys are included in both).
 */
function v8StartOf(code: string, starts: number[], site: SiteRow): number {
  const offset = starts[site.line - 1]! + site.column - 1
  if (site.kind === 'function' || site.kind === 'arrow') return offset
  const modifier = /^static\s+(?![\s(=;])/.exec(code.slice(offset, offset + 40))
  return modifier ? offset + modifier[0].length : offset
}

describe('real libraries, bundled and instrumented', () => {
  for (const workload of WORKLOADS) {
    it(workload, async () => {
      const dir = join(workDir, workload)
      mkdirSync(dir)
      const bare = join(dir, `${workload}.bare.mjs`)
      const instrumented = join(dir, `${workload}.instrumented.mjs`)
      await build({ entryPoints: [join(workloadsDir, `${workload}.mjs`)], bundle: true, platform: 'node', format: 'esm', outfile: bare, logLevel: 'silent' })
      const code = readFileSync(bare, 'utf8')
      const warnings: string[] = []
      const result = instrument(code, `${workload}.bare.mjs`, undefined, {
        runtimeSpecifier: pathToFileURL(runtimePath).href,
        onWarning: message => warnings.push(message),
      })
      expect(warnings).toEqual([])
      expect(result).not.toBeNull()
      writeFileSync(instrumented, result!.code)

      const coverageDir = join(dir, 'coverage')
      const countsFile = join(dir, 'counts.json')
      const [bareRun, instrumentedRun] = await Promise.all([
        run(bare, { NODE_V8_COVERAGE: coverageDir }),
        run(instrumented, { EXECSCOPE_COUNTS_FILE: countsFile }),
      ])
      expect(bareRun.stderr).toBe('')
      expect(bareRun.code).toBe(0)
      expect(JSON.parse(bareRun.stdout)).toMatchObject({ workload, hash: expect.stringMatching(/^[0-9a-f]{16}$/) })
      expect({ stdout: instrumentedRun.stdout, code: instrumentedRun.code, stderr: instrumentedRun.stderr })
        .toEqual({ stdout: bareRun.stdout, code: 0, stderr: '' })

      const recorded = JSON.parse(readFileSync(countsFile, 'utf8')) as { enters: Record<string, number>, dropped: number, errors: string[], batches: number }
      expect({ dropped: recorded.dropped, errors: recorded.errors }).toEqual({ dropped: 0, errors: [] })

      const { counts: v8, synthetic } = v8Counts(coverageDir, pathToFileURL(bare).href, code.length)
      const starts = lineStarts(code)
      const mismatches: string[] = []
      const matched = new Set<number>()
      let calls = 0
      let called = 0
      let classMembers = 0
      for (const site of result!.sites) {
        const start = v8StartOf(code, starts, site)
        const ours = recorded.enters[site.siteId] ?? 0
        if (site.kind === 'field-init' || site.kind === 'static-block') {
          classMembers++
          const expected = syntheticCount(code, start, site, synthetic) ?? 0
          if (ours !== expected) mismatches.push(`${site.name} @${site.line}:${site.column} (${site.kind}): recorded ${ours}, V8 class initializer ${expected}`)
          calls += ours
          continue
        }
        const theirs = v8.get(start)
        // V8 leaves out functions it never compiled: they never ran.
        const expected = theirs?.count ?? 0
        if (theirs) matched.add(start)
        if (ours !== expected) mismatches.push(`${site.name} @${site.line}:${site.column} (${site.kind}): recorded ${ours}, V8 ${expected}${theirs ? '' : ' (not reported)'}`)
        calls += ours
        if (ours > 0) called++
      }
      for (const [start, fn] of v8) {
        if (!matched.has(start)) mismatches.push(`V8 function ${JSON.stringify(fn.name)} at offset ${start} (count ${fn.count}) has no site`)
      }
      expect(mismatches.slice(0, 20)).toEqual([])
      expect(called).toBeGreaterThan(20)
      process.stderr.write(`[real-libs] ${workload}: ${result!.sites.length} sites (${classMembers} class initializers), ${v8.size} V8 functions, ${called} called, ${calls} calls agree\n`)
    })
  }
})
