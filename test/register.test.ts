import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CLI, expectNodeAppTrace, queryTrace, run } from '#test-utils'
import { describe, expect, it } from 'vitest'

const FIXTURE = fileURLToPath(new URL('fixtures/node-app/src', import.meta.url))
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
    expect(stdout).toMatch(/^Stored 1 batch \(\d+ records\) from 1 file into \.execscope\/trace\.duckdb; sites of 2 modules; the runtime's account of 1 thread\.$/m)
    await expectNodeAppTrace(join(dir, '.execscope', 'trace.duckdb'))
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
    const rows = await queryTrace(join(dir, '.execscope', 'trace.duckdb'), `
      select s.name, s.file, s.line, count(*) as calls, count(*) filter (where c.status = 'throw') as throws
      from calls c join sites s using (site_id) where s.line > 1 group by all order by s.file, s.line`)
    expect(rows).toEqual([
      { name: 'Inventory.items', file: 'src/inventory.ts', line: 12, calls: 1, throws: 0 },
      { name: 'Inventory.add', file: 'src/inventory.ts', line: 14, calls: 2, throws: 1 },
      { name: 'Inventory.totalValue', file: 'src/inventory.ts', line: 29, calls: 1, throws: 0 },
      { name: 'Inventory.totalValue.<arrow@30:44>', file: 'src/inventory.ts', line: 30, calls: 1, throws: 0 },
      { name: 'lineValue', file: 'src/inventory.ts', line: 51, calls: 1, throws: 0 },
      { name: 'priceIndex', file: 'src/inventory.ts', line: 56, calls: 1, throws: 0 },
      { name: 'drift', file: 'src/inventory.ts', line: 62, calls: 20, throws: 0 },
      { name: 'parseSku', file: 'src/sku.ts', line: 7, calls: 2, throws: 1 },
    ])
    // The compiler's helpers (__name and the like) are not the app's functions.
    const [helpers] = await queryTrace(join(dir, '.execscope', 'trace.duckdb'), `select count(*) as n from sites where name like '\\_\\_%' escape '\\'`)
    expect(helpers).toEqual({ n: 0 })
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
})
