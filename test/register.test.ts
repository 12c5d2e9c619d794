import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { FileCoverage } from '#test-utils'
import { callsPerSite, CLI, expectNodeAppTrace, queryTrace, run, v8CoverageDigest } from '#test-utils'
import { describe, expect, it } from 'vitest'

const FIXTURE = fileURLToPath(new URL('fixtures/node-app/src', import.meta.url))
const C8 = fileURLToPath(new URL('node_modules/c8/bin/c8.js', import.meta.url))
// Under test/, so `--import execscope/register` resolves from test/node_modules.
const WORK = fileURLToPath(new URL('.tmp', import.meta.url))

function freshDir(name: string): string {
  const dir = join(WORK, name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  return dir
}

// Node programs no bundler builds: `node --import execscope/register`, alone or for a test runner.
describe('node --import execscope/register', () => {
  it('records an ES module app as it loads, with the same calls as a bundled build', async () => {
    const dir = freshDir('register-esm')
    cpSync(FIXTURE, join(dir, 'src'), { recursive: true })
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
    const raw = (await run(process.execPath, ['src/main.js'], { cwd: dir })).stdout
    const recorded = (await run(process.execPath, ['--import', 'execscope/register', 'src/main.js'], { cwd: dir })).stdout
    expect(recorded).toBe(raw)
    const { stdout } = await run(process.execPath, [CLI, 'ingest'], { cwd: dir })
    expect(stdout).toMatch(/^Stored \d+ batch(?:es)? \(\d+ records\) from 1 file into \.execscope\/trace\.duckdb; sites of 2 modules; the runtime's account of 1 thread\.$/m)
    await expectNodeAppTrace(join(dir, '.execscope', 'trace.duckdb'))
  }, 60_000)

  it('records a fraction EXECSCOPE_SAMPLE of processes, and says so when the value is not one', async () => {
    const dir = freshDir('register-sampled')
    cpSync(FIXTURE, join(dir, 'src'), { recursive: true })
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
    const raw = (await run(process.execPath, ['src/main.js'], { cwd: dir })).stdout
    // The draw is Math.random's: fixed by a module loaded before the register.
    const drawing = (value: number): string[] => [`--import=data:text/javascript,Math.random=()=>${value}`, '--import', 'execscope/register', 'src/main.js']
    const left = await run(process.execPath, drawing(0.75), { cwd: dir, env: { ...process.env, EXECSCOPE_SAMPLE: '0.5' } })
    expect(left.stdout).toBe(raw)
    expect(existsSync(join(dir, '.execscope', 'batches'))).toBe(false)

    const bad = await run(process.execPath, drawing(0.75), { cwd: dir, env: { ...process.env, EXECSCOPE_SAMPLE: '50%' } })
    expect(bad.stdout).toBe(raw)
    expect(bad.stderr).toContain('[execscope] EXECSCOPE_SAMPLE="50%" is not a number above 0 and at most 1 (the fraction of processes that record); every process records.')
    rmSync(join(dir, '.execscope', 'batches'), { recursive: true })
    expect((await run(process.execPath, drawing(0.25), { cwd: dir, env: { ...process.env, EXECSCOPE_SAMPLE: '0.5' } })).stdout).toBe(raw)
    await run(process.execPath, [CLI, 'ingest'], { cwd: dir })
    await expectNodeAppTrace(join(dir, '.execscope', 'trace.duckdb'))
  }, 60_000)

  it('gives each thread a ring of EXECSCOPE_RING_CAPACITY records, and says so when the value is not one', async () => {
    const dir = freshDir('register-ring')
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
    // 20 000 calls of a few microseconds each, not hot enough to be counted: 40 000 records.
    writeFileSync(join(dir, 'main.js'), [
      'function step(i) { let s = 0; for (let k = 0; k < 4000; k++) s += (i * k) % 7; return s }',
      'let total = 0',
      'for (let i = 0; i < 20000; i++) total += step(i)',
      'console.log(total)',
    ].join('\n'))
    const largestBatch = async (env: Record<string, string>): Promise<{ records: number, stderr: string }> => {
      rmSync(join(dir, '.execscope'), { recursive: true, force: true })
      const { stderr } = await run(process.execPath, ['--import', 'execscope/register', 'main.js'], { cwd: dir, env: { ...process.env, EXECSCOPE_RECORD: 'calls', ...env } })
      await run(process.execPath, [CLI, 'ingest'], { cwd: dir })
      const [row] = await queryTrace(join(dir, '.execscope', 'trace.duckdb'), 'SELECT max(record_count) AS records FROM batches')
      return { records: Number(row!.records), stderr }
    }
    // A batch never holds more than the ring did: the default ring's are cut at 8192 records.
    expect((await largestBatch({})).records).toBeGreaterThan(4096)
    expect((await largestBatch({ EXECSCOPE_RING_CAPACITY: '1024' })).records).toBeLessThanOrEqual(1025)
    const bad = await largestBatch({ EXECSCOPE_RING_CAPACITY: '1000' })
    expect(bad.stderr).toContain('[execscope] EXECSCOPE_RING_CAPACITY="1000" is not a power of two from 1024 to 4194304 (records per thread ring, e.g. 1048576); using 262144.')
    expect(bad.records).toBeGreaterThan(4096)
  }, 60_000)

  it('records the app\'s worker threads too, each under its own thread id', async () => {
    const dir = freshDir('register-worker')
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
    writeFileSync(join(dir, 'main.js'), [
      `import { Worker } from 'node:worker_threads'`,
      `function mainWork(n) { return n * 2 }`,
      `console.log(mainWork(2))`,
      `await new Promise(resolve => new Worker(new URL('./worker.js', import.meta.url)).on('exit', resolve))`,
      '',
    ].join('\n'))
    writeFileSync(join(dir, 'worker.js'), `function workerWork(n) { return n + 1 }\nconsole.log('worker', workerWork(1))\n`)
    const { stdout } = await run(process.execPath, ['--import', 'execscope/register', 'main.js'], { cwd: dir })
    expect(stdout).toBe('4\nworker 2\n')
    await run(process.execPath, [CLI, 'ingest'], { cwd: dir })
    const rows = await queryTrace(join(dir, '.execscope', 'trace.duckdb'), `
      select s.name, c.thread_id > 0 as in_worker, count(distinct c.utid) as threads from calls c join sites s using (site_id)
      where s.name in ('mainWork', 'workerWork') group by all order by s.name`)
    expect(rows).toEqual([{ name: 'mainWork', in_worker: false, threads: 1 }, { name: 'workerWork', in_worker: true, threads: 1 }])
  }, 60_000)

  it('pairs the messages between the main thread and its worker, each with the call that sent it and the call that received it', async () => {
    const dir = freshDir('register-worker-messages')
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
    writeFileSync(join(dir, 'main.js'), [
      `import { Worker } from 'node:worker_threads'`,
      `function sendJobs(worker) { worker.postMessage(3); worker.postMessage(4) }`,
      `function onReply(square) { console.log('reply', square) }`,
      `const worker = new Worker(new URL('./worker.js', import.meta.url))`,
      `worker.on('message', onReply)`,
      `sendJobs(worker)`,
      `await new Promise(resolve => worker.on('exit', resolve))`,
      '',
    ].join('\n'))
    writeFileSync(join(dir, 'worker.js'), [
      `import { parentPort } from 'node:worker_threads'`,
      `let left = 2`,
      // With no listener left the port stops and the worker ends.
      `function onJob(n) { parentPort.postMessage(n * n); if (--left === 0) parentPort.off('message', onJob) }`,
      `parentPort.on('message', onJob)`,
      '',
    ].join('\n'))
    const { stdout } = await run(process.execPath, ['--import', 'execscope/register', 'main.js'], { cwd: dir })
    expect(stdout).toBe('reply 9\nreply 16\n')
    await run(process.execPath, [CLI, 'ingest'], { cwd: dir })
    const file = join(dir, '.execscope', 'trace.duckdb')
    const rows = await queryTrace(file, `
      select st.thread_id = 0 as from_main, rt.thread_id = 0 as to_main, sc.name as sent_by, rc.name as received_by,
        bool_and(m.recv_ts >= m.send_ts) as received_after_sent, count(*) as messages
      from messages m
        join threads st on st.utid = m.send_utid join threads rt on rt.utid = m.recv_utid
        join calls_named sc on sc.call_id = m.send_call_id join calls_named rc on rc.call_id = m.recv_call_id
      group by all order by from_main desc`)
    expect(rows).toEqual([
      { from_main: true, to_main: false, sent_by: 'sendJobs', received_by: 'onJob', received_after_sent: true, messages: 2 },
      { from_main: false, to_main: true, sent_by: 'onJob', received_by: 'onReply', received_after_sent: true, messages: 2 },
    ])
    // Nothing unpaired: every message has both sides.
    expect(await queryTrace(file, 'select count(*) as messages, count(send_utid) as sent, count(recv_utid) as received from messages'))
      .toEqual([{ messages: 4, sent: 4, received: 4 }])
  }, 60_000)

  it('records TypeScript run through tsx, placing functions in the .ts sources and skipping the compiler\'s helpers', async () => {
    const dir = freshDir('register-tsx')
    cpSync(fileURLToPath(new URL('../playground/node-lib/src', import.meta.url)), join(dir, 'src'), { recursive: true })
    writeFileSync(join(dir, 'src', 'main.ts'), [
      `import { Inventory, priceIndex } from './inventory.ts'`,
      `const inventory = new Inventory()`,
      `inventory.add('ABC-0001', 2, 3)`,
      `try { inventory.add('bad', 1, 1) } catch (error) { console.log((error as Error).message) }`,
      `console.log(inventory.totalValue(), priceIndex(20))`,
      '',
    ].join('\n'))
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--import', 'execscope/register', 'src/main.ts'], { cwd: dir })
    expect(stdout).toBe('Not a SKU: "bad"\n6 100.3\n')
    await run(process.execPath, [CLI, 'ingest'], { cwd: dir })
    const rows = await callsPerSite(join(dir, '.execscope', 'trace.duckdb'), 's.line > 1')
    expect(rows).toEqual([
      { name: 'Inventory.items', file: 'src/inventory.ts', line: 12, calls: 1, throws: 0 },
      { name: 'Inventory.add', file: 'src/inventory.ts', line: 16, calls: 2, throws: 1 },
      { name: 'Inventory.totalValue', file: 'src/inventory.ts', line: 33, calls: 1, throws: 0 },
      { name: 'Inventory.totalValue.<arrow@34:44>', file: 'src/inventory.ts', line: 34, calls: 1, throws: 0 },
      { name: 'lineValue', file: 'src/inventory.ts', line: 56, calls: 1, throws: 0 },
      { name: 'priceIndex', file: 'src/inventory.ts', line: 61, calls: 1, throws: 0 },
      { name: 'drift', file: 'src/inventory.ts', line: 67, calls: 20, throws: 0 },
      { name: 'parseSku', file: 'src/sku.ts', line: 7, calls: 2, throws: 1 },
    ])
    // The one add that succeeded bumped the revision: a state change placed on its line of the .ts source.
    const changes = await queryTrace(join(dir, '.execscope', 'trace.duckdb'), `
      select sc.target, sc.key, sc.old_preview, sc.new_preview, s.file, s.line, cs.name as by
      from state_changes sc join sites s using (site_id) join calls c using (call_id) join sites cs on cs.site_id = c.site_id`)
    expect(changes).toEqual([{ target: 'Inventory#1', key: 'revision', old_preview: '0', new_preview: '1', file: 'src/inventory.ts', line: 22, by: 'Inventory.add' }])
    // The compiler's helpers (__name and the like) are not the app's functions.
    const [helpers] = await queryTrace(join(dir, '.execscope', 'trace.duckdb'), `select count(*) as n from sites where name like '\\_\\_%' escape '\\'`)
    expect(helpers).toEqual({ n: 0 })
  }, 60_000)

  it('places and names the functions of a compiled, minified program as in its sources, through the map file beside it', async () => {
    const dir = freshDir('register-map-file')
    mkdirSync(join(dir, 'src'))
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
    writeFileSync(join(dir, 'src', 'cart.ts'), [
      'export interface Line { price: number, qty: number }',
      '',
      'export class ShoppingCart {',
      '  lineTotal(line: Line): number {',
      '    return line.price * line.qty',
      '  }',
      '}',
      '',
    ].join('\n'))
    writeFileSync(join(dir, 'src', 'main.ts'), [
      `import { ShoppingCart } from './cart.ts'`,
      '',
      'function cartTotal(cart: ShoppingCart, lines: { price: number, qty: number }[]): number {',
      '  return lines.reduce((sum, line) => sum + cart.lineTotal(line), 0)',
      '}',
      'console.log(cartTotal(new ShoppingCart(), [{ price: 2, qty: 3 }, { price: 1, qty: 4 }]))',
      '',
    ].join('\n'))
    // A minified bundle with its map in dist/main.js.map, as `tsc` or a bundler writes it.
    await build({ entryPoints: [join(dir, 'src', 'main.ts')], bundle: true, minify: true, sourcemap: true, format: 'esm', platform: 'node', outfile: join(dir, 'dist', 'main.js'), logLevel: 'silent' })
    const { stdout } = await run(process.execPath, ['--import', 'execscope/register', 'dist/main.js'], { cwd: dir, env: { ...process.env, EXECSCOPE_RECORD: 'calls' } })
    expect(stdout).toBe('10\n')
    await run(process.execPath, [CLI, 'ingest'], { cwd: dir })
    // Minified names are the ones the map gives (`ShoppingCart` was renamed to one letter).
    const rows = await queryTrace(join(dir, '.execscope', 'trace.duckdb'), `
      select s.name, s.file, s.line, count(*) as calls from calls c join sites s using (site_id) group by all order by s.file, s.line, min(s.col)`)
    expect(rows).toEqual([
      { name: 'ShoppingCart.lineTotal', file: 'src/cart.ts', line: 4, calls: 2 },
      { name: 'cartTotal', file: 'src/main.ts', line: 3, calls: 1 },
      { name: expect.stringMatching(/^cartTotal\.<arrow@4:\d+>$/), file: 'src/main.ts', line: 4, calls: 2 },
    ])
  }, 60_000)

  it('keeps the names of a full run\'s state sites when a run at another level comes before the ingest', async () => {
    const dir = freshDir('register-levels')
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
    writeFileSync(join(dir, 'main.js'), [
      `class Counter { constructor() { this.n = 0 } bump() { this.n += 1; return this.n } }`,
      `const counter = new Counter()`,
      `console.log(counter.bump())`,
      '',
    ].join('\n'))
    for (const level of ['full', 'calls']) {
      const { stdout } = await run(process.execPath, ['--import', 'execscope/register', 'main.js'], { cwd: dir, env: { ...process.env, EXECSCOPE_RECORD: level } })
      expect(stdout).toBe('1\n')
    }
    await run(process.execPath, [CLI, 'ingest'], { cwd: dir })
    const rows = await queryTrace(join(dir, '.execscope', 'trace.duckdb'), `
      select s.name, count(*) as changes from state_records r left join sites s using (site_id) group by all order by s.name`)
    expect(rows).toEqual([{ name: 'Counter.n', changes: 2 }])
  }, 60_000)

  it('records a CommonJS suite under node --test, one session per test file, tests named by their titles', async () => {
    const dir = freshDir('register-node-test')
    mkdirSync(join(dir, 'lib'))
    mkdirSync(join(dir, 'test'))
    writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n')
    writeFileSync(join(dir, 'lib', 'math.js'), [
      'function square(n) { return n * n }',
      'function sumOfSquares(list) { return list.reduce((sum, n) => sum + square(n), 0) }',
      'module.exports = { square, sumOfSquares }',
      '',
    ].join('\n'))
    for (const name of ['a', 'b']) {
      writeFileSync(join(dir, 'test', `${name}.test.js`), [
        `const test = require('node:test')`,
        `const assert = require('node:assert')`,
        `const { sumOfSquares } = require('../lib/math.js')`,
        `test('sums squares ${name}', async () => { await new Promise(r => setTimeout(r, 5)); assert.strictEqual(sumOfSquares([1, 2, 3]), 14) })`,
        '',
      ].join('\n'))
    }
    const env = { ...process.env, NODE_OPTIONS: '--import execscope/register' }
    await run(process.execPath, ['--test'], { cwd: dir, env })
    await run(process.execPath, [CLI, 'ingest'], { cwd: dir })
    const rows = await queryTrace(join(dir, '.execscope', 'trace.duckdb'), `
      select s.name, s.file, s.line, count(*) as calls, count(distinct c.utid) as threads
      from calls c join sites s using (site_id) group by all order by s.file, s.name`)
    expect(rows).toEqual([
      { name: 'square', file: 'lib/math.js', line: 1, calls: 6, threads: 2 },
      { name: 'sumOfSquares', file: 'lib/math.js', line: 2, calls: 2, threads: 2 },
      { name: 'sumOfSquares.<arrow@2:50>', file: 'lib/math.js', line: 2, calls: 6, threads: 2 },
      { name: 'test("sums squares a")', file: 'test/a.test.js', line: 4, calls: 1, threads: 1 },
      { name: 'test("sums squares a").<arrow@4:56>', file: 'test/a.test.js', line: 4, calls: 1, threads: 1 },
      { name: 'test("sums squares b")', file: 'test/b.test.js', line: 4, calls: 1, threads: 1 },
      { name: 'test("sums squares b").<arrow@4:56>', file: 'test/b.test.js', line: 4, calls: 1, threads: 1 },
    ])
  }, 60_000)
  it('maps a stack trace under --enable-source-maps to the module\'s own file, line and column', async () => {
    const dir = freshDir('register-source-maps')
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
    mkdirSync(join(dir, 'src'))
    writeFileSync(join(dir, 'src', 'boom.js'), 'function boom() { throw new Error(\'boom\') }\ntry { boom() } catch (error) { console.log(error.stack.split(\'\\n\')[1].trim()) }\n')
    const { stdout } = await run(process.execPath, ['--enable-source-maps', '--import', 'execscope/register', 'src/boom.js'], { cwd: dir })
    expect(stdout).toBe(`at boom (${join(dir, 'src', 'boom.js')}:1:25)\n`)
  }, 60_000)

  // c8 (and `node --test --experimental-test-coverage`) set NODE_V8_COVERAGE: what register adds
  // then goes on lines of its own, mapping to no source, and the report is the one without it.
  it('leaves c8\'s coverage as it is without execscope, and records the calls', async () => {
    const dir = freshDir('register-c8')
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
    mkdirSync(join(dir, 'src'))
    writeFileSync(join(dir, 'src', 'math.js'), [
      'export function square(n) { return n * n }',
      'export function checked(n) {',
      '  if (n < 0) throw new RangeError(`negative: ${n}`)',
      '  return n',
      '}',
      'export const pick = (items, wanted) => items.filter(item => item === wanted).length > 0 ? \'found\' : \'missing\'',
      'export async function later(value) { await null; return value ?? \'nothing\' }',
      'export class Counter {',
      '  count = 0',
      '  add(by = 1) { this.count += by; return this.count }',
      '  static of(items) { const c = new Counter(); for (const item of items) c.add(item); return c }',
      '}',
      'export function unused() { return \'never\' }',
      'export function firstOr(items, fallback) {',
      '  if (items.length === 0) return fallback',
      '  const first = items[0]',
      '  return first',
      '}',
      '',
    ].join('\n'))
    writeFileSync(join(dir, 'src', 'main.js'), [
      'import { square, checked, pick, later, Counter, firstOr } from \'./math.js\'',
      'const results = [square(3), pick([1, 2], 2), Counter.of([1, 2]).count, await later(5), firstOr([], \'none\')]',
      'try { checked(-1) } catch (error) { results.push(error.message) }',
      'console.log(JSON.stringify(results))',
      '',
    ].join('\n'))
    const coverage = async (reportDir: string, ...node: string[]): Promise<unknown> => {
      const { stdout } = await run(process.execPath, [C8, '--reporter=json', `--report-dir=${reportDir}`, process.execPath, ...node, 'src/main.js'], { cwd: dir })
      expect(stdout).toBe('[9,"found",3,5,"none","negative: -1"]\n')
      const report = JSON.parse(readFileSync(join(dir, reportDir, 'coverage-final.json'), 'utf8')) as Record<string, FileCoverage>
      return Object.fromEntries(Object.entries(report).map(([file, data]) => [file.slice(dir.length + 1), v8CoverageDigest(data)]))
    }
    const withoutExecscope = await coverage('coverage-bare')
    expect(withoutExecscope).toEqual({
      'src/main.js': { statements: '4/4', functions: '0/0', branches: '1/1', uncoveredLines: [] },
      // `checked` never returns (line 4), `unused` never runs, `firstOr` returns early (lines 16, 17).
      'src/math.js': { statements: '15/18', functions: '8/9', branches: '11/15', uncoveredLines: [4, 16, 17] },
    })
    expect(await coverage('coverage-execscope', '--import', 'execscope/register')).toEqual(withoutExecscope)
    await run(process.execPath, [CLI, 'ingest'], { cwd: dir })
    expect(await queryTrace(join(dir, '.execscope', 'trace.duckdb'), `select s.name, count(*) as calls from calls c join sites s using (site_id) where s.name in ('checked', 'Counter.add') group by all order by all`))
      .toEqual([{ name: 'Counter.add', calls: 2 }, { name: 'checked', calls: 1 }])
  }, 60_000)
})
