import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import execscope from 'execscope/esbuild'
import { buildNodeApp, CLI, expectNodeAppTrace, queryTrace, run } from '#test-utils'
import { describe, expect, it } from 'vitest'

/** Builds the fixture app with one bundler, runs it, stores its batch files with `execscope ingest`. */
async function buildRunIngest(bundler: string): Promise<{ dir: string, raw: string, instrumented: string, ingest: string }> {
  const { dir, entry } = await buildNodeApp(bundler)
  const raw = (await run(process.execPath, ['src/main.js'], { cwd: dir })).stdout
  const instrumented = (await run(process.execPath, [entry], { cwd: dir })).stdout
  const ingest = (await run(process.execPath, [CLI, 'ingest'], { cwd: dir })).stdout
  return { dir, raw, instrumented, ingest }
}

// Rollup is told `runtime: 'node'`; the others find out from their own target settings.
describe.each(['esbuild', 'rollup', 'vite-ssr', 'webpack', 'rspack'])('a Node app built with %s', (bundler) => {
  it('runs as before, and `execscope ingest` stores its calls with names, places, throws and async segments', async () => {
    const { dir, raw, instrumented, ingest } = await buildRunIngest(bundler)
    expect(instrumented).toBe(raw)
    expect(ingest).toMatch(/^Stored \d+ batch(?:es)? \(\d+ records\) from 1 file into \.execscope\/trace\.duckdb; sites of 2 modules; the runtime's account of 1 thread\.$/m)
    // Stored batch files are removed, so a second ingest stores nothing twice.
    expect(readdirSync(join(dir, '.execscope', 'batches'))).toEqual([])
    const file = join(dir, '.execscope', 'trace.duckdb')
    expect(existsSync(file)).toBe(true)

    await expectNodeAppTrace(file)
  }, 180_000)
})

/**
 * Builds the fixture app with one bundler at one `record` level, checks that it prints what the
 * source does, stores its batch files with `execscope ingest`; returns the trace file.
 */
async function buildRunIngestAt(bundler: string, level: string): Promise<string> {
  const { dir, entry } = await buildNodeApp(bundler, `node-app-${bundler}-${level}`, { EXECSCOPE_RECORD: level })
  const raw = (await run(process.execPath, ['src/main.js'], { cwd: dir })).stdout
  expect((await run(process.execPath, [entry], { cwd: dir })).stdout).toBe(raw)
  await run(process.execPath, [CLI, 'ingest'], { cwd: dir })
  return join(dir, '.execscope', 'trace.duckdb')
}

// A build can ask for previews too (`record: 'values'`): the values recorder is bundled next to the
// runtime, as an ES module (esbuild) and through webpack's alias of the runtime module.
describe.each(['esbuild', 'webpack'])('a Node app built with %s and record: \'values\'', (bundler) => {
  it('runs as before and records what its calls were given, returned and threw', async () => {
    const values = await queryTrace(await buildRunIngestAt(bundler, 'values'), `
      select s.name, v.role::varchar as role, v.preview::varchar as preview from values v join sites s using (site_id)
      where s.name in ('Cart.add', 'parseQuantity', 'fill') order by v.call_id, v.role`)
    expect(values).toEqual([
      { name: 'fill', role: 'returned', preview: '"Not a quantity: \\"two\\""' },
      { name: 'fill', role: 'arguments', preview: '{"cart":["obj","Cart",{"lines":["arr",[]]},0]}' },
      { name: 'Cart.add', role: 'returned', preview: expect.stringMatching(/^\["obj","Cart",/) },
      { name: 'Cart.add', role: 'arguments', preview: '{"name":"tea","quantity":"2","price":3.5}' },
      { name: 'parseQuantity', role: 'returned', preview: '2' },
      { name: 'parseQuantity', role: 'arguments', preview: '{"text":"2"}' },
      { name: 'Cart.add', role: 'returned', preview: expect.stringMatching(/^\["obj","Cart",/) },
      { name: 'Cart.add', role: 'arguments', preview: '{"name":"cake","quantity":"1","price":4}' },
      { name: 'parseQuantity', role: 'returned', preview: '1' },
      { name: 'parseQuantity', role: 'arguments', preview: '{"text":"1"}' },
      { name: 'Cart.add', role: 'arguments', preview: '{"name":"cups","quantity":"two","price":1}' },
      { name: 'parseQuantity', role: 'thrown', preview: expect.stringMatching(/^\["err","QuantityError","Not a quantity: \\"two\\""/) },
      { name: 'parseQuantity', role: 'arguments', preview: '{"text":"two"}' },
    ])
  }, 180_000)
})

// A build that only counts (`record: 'count'`): no call rows, the count of every function's calls.
describe.each(['esbuild', 'webpack'])('a Node app built with %s and record: \'count\'', (bundler) => {
  it('runs as before and counts each function\'s calls, recording none of them', async () => {
    const file = await buildRunIngestAt(bundler, 'count')
    expect(await queryTrace(file, 'select count(*)::integer as calls from calls')).toEqual([{ calls: 0 }])
    const counts = await queryTrace(file, `
      select s.name, sum(c.calls)::integer as calls from counted_calls c join sites s using (site_id)
      where s.name in ('parseQuantity', 'Cart.add', 'Cart.total', 'fill', 'main') group by s.name order by s.name`)
    // fill adds three lines (the third one's quantity throws), main totals once, checkout once.
    expect(counts).toEqual([
      { name: 'Cart.add', calls: 3 },
      { name: 'Cart.total', calls: 2 },
      { name: 'fill', calls: 1 },
      { name: 'main', calls: 1 },
      { name: 'parseQuantity', calls: 3 },
    ])
  }, 180_000)
})

// A build that records a fraction of its processes (`sample`): a process left out runs as before
// and writes nothing; a kept one records as every build does.
describe.each(['esbuild', 'webpack'])('a Node app built with %s and sample: 0.5', (bundler) => {
  it('records only in the processes the draw keeps', async () => {
    const { dir, entry } = await buildNodeApp(bundler, `node-app-${bundler}-sampled`, { EXECSCOPE_SAMPLE: '0.5' })
    const raw = (await run(process.execPath, ['src/main.js'], { cwd: dir })).stdout
    // The draw is Math.random's: fixed for the test by a module loaded first.
    const drawing = (value: number): string[] => [`--import=data:text/javascript,Math.random=()=>${value}`, entry]
    expect((await run(process.execPath, drawing(0.75), { cwd: dir })).stdout).toBe(raw)
    expect(existsSync(join(dir, '.execscope', 'batches'))).toBe(false)

    expect((await run(process.execPath, drawing(0.25), { cwd: dir })).stdout).toBe(raw)
    await run(process.execPath, [CLI, 'ingest'], { cwd: dir })
    await expectNodeAppTrace(join(dir, '.execscope', 'trace.duckdb'))
  }, 180_000)
})

// The usual recipe for an ESM Node bundle with CommonJS dependencies starts it with a banner that
// declares createRequire, require, dirname and the like at top level. The runtime the plugin
// bundles in must not declare them too (a bundler cannot rename around a banner).
describe('an ESM Node bundle with the createRequire / __dirname banner', () => {
  it('loads and runs with the runtime bundled in', async () => {
    const dir = fileURLToPath(new URL('../.tmp/node-banner', import.meta.url))
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'app.js'), 'function hello(name) { return `hello ${name}` }\nconsole.log(hello(typeof require + " " + typeof __dirname))\n')
    const banner = `import { createRequire } from 'module'; const require = createRequire(import.meta.url);
import { fileURLToPath } from 'url'; import { dirname, join } from 'path'; import path from 'path'; const __filename = fileURLToPath(import.meta.url); const __dirname = dirname(__filename);`
    await build({ entryPoints: [join(dir, 'app.js')], bundle: true, platform: 'node', format: 'esm', outfile: join(dir, 'out.mjs'), banner: { js: banner }, plugins: [execscope()], logLevel: 'silent' })
    expect((await run(process.execPath, ['out.mjs'], { cwd: dir })).stdout).toBe('hello function string\n')
  }, 60_000)
})
