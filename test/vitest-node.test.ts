import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { FileCoverage } from '#test-utils'
import { childRunnerEnv, queryTrace, v8CoverageDigest } from '#test-utils'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const PLAYGROUND = fileURLToPath(new URL('../playground/node-lib', import.meta.url))
// Under test/, so the copy resolves vitest and execscope from test/node_modules.
const WORK = fileURLToPath(new URL('.tmp', import.meta.url))
const VITEST = fileURLToPath(new URL('node_modules/vitest/vitest.mjs', import.meta.url))

// Two projects: Vitest starts a dev server for each (and one more), all in one process.
const PROJECTS_CONFIG = `import execscope from 'execscope/vite'
import { defineConfig } from 'vitest/config'
export default defineConfig({
  plugins: [execscope()],
  test: { projects: [
    { extends: true, test: { name: 'inventory', include: ['test/inventory.test.ts'] } },
    { extends: true, test: { name: 'sku', include: ['test/sku.test.ts'] } },
  ] },
})
`

// The same two projects inline, without \`extends\` (Vitest then gives them none of the root's
// plugins: execscope adds itself to each), and the plugin imported by its path, which Vite bundles
// into each config it loads: the copies must share one store, or two DuckDB writers corrupt the file.
const PLUGIN_PATH = fileURLToPath(new URL('../packages/execscope/dist/vite.js', import.meta.url))
const INLINE_PROJECTS_CONFIG = `import execscope from ${JSON.stringify(PLUGIN_PATH)}
import { defineConfig } from 'vitest/config'
export default defineConfig({
  plugins: [execscope()],
  test: { projects: [
    { test: { name: 'inventory', include: ['test/inventory.test.ts'] } },
    { test: { name: 'sku', include: ['test/sku.test.ts'] } },
  ] },
})
`

/** Runs a copy of playground/node-lib's suite, with `files` (path → text) added to the copy. */
async function runSuite(pool: string, config?: string, args: string[] = [], files: Record<string, string> = {}): Promise<{ dir: string, stdout: string }> {
  const variant = config === PROJECTS_CONFIG ? '-projects' : config === INLINE_PROJECTS_CONFIG ? '-inline-projects' : config ? '-own-config' : ''
  const dir = join(WORK, `node-lib-${pool}${variant}${args.length > 0 ? '-with-args' : ''}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  for (const entry of ['src', 'test', 'vitest.config.ts', 'package.json', 'tsconfig.json']) cpSync(join(PLAYGROUND, entry), join(dir, entry), { recursive: true })
  if (config) writeFileSync(join(dir, 'vitest.config.ts'), config)
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text)
  const { stdout, stderr } = await run(process.execPath, [VITEST, 'run', '--pool', pool, ...args], { cwd: dir, env: childRunnerEnv(), timeout: 120_000 })
  return { dir, stdout: stdout + stderr }
}

// A user adds execscope() to vitest.config.ts and runs the suite: every test file, in whichever
// pool, records into .execscope/trace.duckdb, named by the TypeScript source.
describe.each([['forks', undefined], ['threads', undefined], ['forks', PROJECTS_CONFIG], ['forks', INLINE_PROJECTS_CONFIG]])('vitest run --pool %s with execscope()', (pool, config) => {
  it(`records the suite${config === PROJECTS_CONFIG ? ' of two projects' : config ? ' of two inline projects, the plugin imported by path' : ''}: one session per test file, calls named and placed in the TypeScript sources`, async () => {
    const { dir, stdout } = await runSuite(pool, config)
    expect(stdout).toMatch(/Tests\s+7 passed/)
    expect(stdout.match(/Recording to/g)).toHaveLength(1)
    const file = join(dir, '.execscope', 'trace.duckdb')
    // Calls recorded plus those counted: drift runs hot and short (365 calls in a loop), so past
    // its first timed calls the runtime counts it between samples, at level full too.
    const functions = await queryTrace(file, `
      select s.name, s.file, s.line, count(*) + coalesce(any_value(k.counted), 0) as calls, count(*) filter (where c.status = 'throw') as throws, max(c.segments) as segments
      from calls c join sites s using (site_id) left join (select site_id, sum(calls) as counted from counted_calls group by all) k using (site_id)
      where s.file like 'src/%' group by s.name, s.file, s.line order by s.file, s.line, min(s.col)`)
    expect(functions).toEqual([
      { name: 'Inventory.items', file: 'src/inventory.ts', line: 12, calls: 4, throws: 0, segments: 1 },
      { name: 'Inventory.add', file: 'src/inventory.ts', line: 16, calls: 7, throws: 1, segments: 1 },
      { name: 'Inventory.remove', file: 'src/inventory.ts', line: 26, calls: 1, throws: 1, segments: 1 },
      { name: 'Inventory.totalValue', file: 'src/inventory.ts', line: 33, calls: 1, throws: 0, segments: 1 },
      { name: 'Inventory.totalValue.<arrow@34:44>', file: 'src/inventory.ts', line: 34, calls: 3, throws: 0, segments: 1 },
      { name: 'Inventory.byFamily', file: 'src/inventory.ts', line: 37, calls: 1, throws: 0, segments: 1 },
      { name: 'Inventory.restock', file: 'src/inventory.ts', line: 44, calls: 1, throws: 0, segments: 3 },
      { name: 'lineValue', file: 'src/inventory.ts', line: 56, calls: 3, throws: 0, segments: 1 },
      { name: 'priceIndex', file: 'src/inventory.ts', line: 61, calls: 1, throws: 0, segments: 1 },
      { name: 'drift', file: 'src/inventory.ts', line: 67, calls: 365, throws: 0, segments: 1 },
      { name: 'parseSku', file: 'src/sku.ts', line: 7, calls: 9, throws: 2, segments: 1 },
    ])
    // The malformed SKU: parseSku threw into Inventory.add, called from the test's callback.
    const chain = await queryTrace(file, `
      select s.name, s.file, c.status from calls c join sites s using (site_id)
      where c.call_id in (select call_id from call_stack((select min(c.call_id) from calls c join sites s using (site_id) where s.name = 'Inventory.add' and c.status = 'throw')))
      order by c.depth desc limit 3`)
    expect(chain).toEqual([
      { name: 'Inventory.add', file: 'src/inventory.ts', status: 'throw' },
      { name: 'describe("Inventory").it("refuses a malformed SKU").<arrow@17:12>', file: 'test/inventory.test.ts', status: 'throw' },
      { name: 'describe("Inventory").it("refuses a malformed SKU")', file: 'test/inventory.test.ts', status: 'return' },
    ])
    // State: each test's Inventory bumps its revision once per add that succeeded, and once per restock.
    const revisions = await queryTrace(file, `
      select string_agg(new_preview, ',' order by ts) as revisions, min(call_name) as first_by, max(call_name) as last_by
      from state_changes join threads using (utid), lateral (select s.name as call_name from calls c join sites s using (site_id) where c.call_id = state_changes.call_id)
      where key = 'revision' group by session_id, thread_id, target order by revisions, last_by`)
    expect(revisions).toEqual([
      { revisions: '1', first_by: 'Inventory.add', last_by: 'Inventory.add' },
      { revisions: '1,2,3', first_by: 'Inventory.add', last_by: 'Inventory.add' },
      { revisions: '1,2,3', first_by: 'Inventory.add', last_by: 'Inventory.restock' },
    ])
    // Values: what parseSku was given and returned, and what it threw, on the Node runtime.
    const values = await queryTrace(file, `
      select v.role::varchar as role, v.preview::varchar as preview, count(*) as calls from values v join sites s using (site_id)
      where s.name = 'parseSku' and (v.preview::varchar like '%abc-1%' or v.preview::varchar like '%"number":1}') group by all order by all`)
    expect(values).toEqual([
      { role: 'arguments', preview: '{"text":"abc-1"}', calls: 1 },
      { role: 'returned', preview: '{"family":"ABC","number":1}', calls: 3 },
      { role: 'thrown', preview: expect.stringMatching(/^\["err","SkuError","Not a SKU: \\"abc-1\\"",/), calls: 1 },
    ])
    const [totals] = await queryTrace(file, `select (select count(*) from sessions) as sessions, (select coalesce(sum(count), 0) from drops) as dropped, (select count(*) from calls where status = 'unfinished') as unfinished`)
    expect(totals).toEqual({ sessions: 2, dropped: 0, unfinished: 0 })
  }, 180_000)
})

// A user runs the suite with coverage and execscope at once: the coverage is what it is without
// execscope, and the trace has the app's functions, not istanbul's counter function.
describe('vitest run --coverage with execscope()', () => {
  const WITHOUT_EXECSCOPE = `import { defineConfig } from 'vitest/config'\nexport default defineConfig({})\n`
  // Private fields: recording an assignment to one reads its old value behind a guard (a `?:`),
  // which must not count as the user's branch.
  const PRIVATE_STATE = {
    'src/counter.ts': 'export class Counter {\n  #n = 0\n  inc(): number {\n    this.#n++\n    return this.#n\n  }\n  reset(to = 0): void {\n    this.#n = to\n  }\n}\n',
    'test/counter.test.ts': `import { expect, it } from 'vitest'\nimport { Counter } from '../src/counter.ts'\nit('counts', () => {\n  const counter = new Counter()\n  counter.inc()\n  expect(counter.inc()).toBe(2)\n})\n`,
  }

  /**
   * Runs the suite with `provider`'s coverage without execscope, then with it, and expects the same
   * `digest` of each source file's coverage; returns the directory of the run with execscope.
   */
  async function expectSameCoverage(pool: string, provider: string, digest: (data: FileCoverage) => unknown): Promise<string> {
    const args = ['--coverage', `--coverage.provider=${provider}`, '--coverage.reporter=json', '--coverage.include=src/**']
    const bare = await runSuite(pool, WITHOUT_EXECSCOPE, args, PRIVATE_STATE)
    const traced = await runSuite(pool, undefined, args, PRIVATE_STATE)
    expect(traced.stdout).toMatch(/Tests\s+8 passed/)
    // Keyed by the file's path inside the copy, without the copy's own directory.
    const coverageOf = (dir: string): Record<string, unknown> => {
      const report = JSON.parse(readFileSync(join(dir, 'coverage', 'coverage-final.json'), 'utf8')) as Record<string, FileCoverage>
      return Object.fromEntries(Object.entries(report).map(([file, data]) => [relative(dir, file), digest(data)]))
    }
    const expected = coverageOf(bare.dir)
    expect(Object.keys(expected).sort()).toEqual(['src/counter.ts', 'src/inventory.ts', 'src/sku.ts'])
    expect(coverageOf(traced.dir)).toEqual(expected)
    return traced.dir
  }

  it('leaves the coverage as it is without execscope, and records the app\'s calls', async () => {
    const dir = await expectSameCoverage('forks', 'istanbul', ({ statementMap, fnMap, branchMap, s, f, b }) => ({ statementMap, fnMap, branchMap, s, f, b }))
    const sites = await queryTrace(join(dir, '.execscope', 'trace.duckdb'), `
      select s.name, count(*) as calls from calls c join sites s using (site_id) where s.file like 'src/%' and s.name in ('parseSku', 'Inventory.add') group by all order by all`)
    expect(sites).toEqual([{ name: 'Inventory.add', calls: 7 }, { name: 'parseSku', calls: 9 }])
    const [strays] = await queryTrace(join(dir, '.execscope', 'trace.duckdb'), `select count(*) as sites from sites where name like 'cov\\_%' escape '\\'`)
    expect(strays).toEqual({ sites: 0 })
  }, 180_000)

  // V8 measures the code as it runs; what execscope adds is on lines of its own, which map to no
  // source, so the same statements, functions, branches and lines are counted, and covered.
  it('(v8) counts and covers what it does without execscope', async () => {
    const dir = await expectSameCoverage('threads', 'v8', v8CoverageDigest)
    const [calls] = await queryTrace(join(dir, '.execscope', 'trace.duckdb'), `select count(*) as calls from calls c join sites s using (site_id) where s.name = 'parseSku'`)
    expect(calls).toEqual({ calls: 9 })
  }, 180_000)
})
