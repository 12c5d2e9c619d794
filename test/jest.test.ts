import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FileCoverage } from '#test-utils'
import { callsPerSite, childRunnerEnv, CLI, queryTrace, run, v8CoverageDigest, writeProject } from '#test-utils'
import { describe, expect, it } from 'vitest'

// Under test/, so the project resolves jest, babel-jest and execscope from test/node_modules.
const DIR = fileURLToPath(new URL('.tmp/jest-project', import.meta.url))
const JEST = fileURLToPath(new URL('node_modules/jest/bin/jest.js', import.meta.url))

const FILES: Record<string, string> = {
  'package.json': '{ "name": "jest-project", "private": true }\n',
  'jest.config.js': `module.exports = {
  transform: { '\\\\.[cm]?[jt]sx?$': 'execscope/jest' },
  setupFilesAfterEnv: ['execscope/jest-setup'],
}
`,
  'src/math.js': [
    'function square(n) { return n * n }',
    'function sumOfSquares(list) { return list.reduce((sum, n) => sum + square(n), 0) }',
    'async function later(value) { await new Promise(resolve => setTimeout(resolve, 5)); return value }',
    'function checked(n) { if (n < 0) throw new RangeError(`negative: ${n}`); return n }',
    'module.exports = { square, sumOfSquares, later, checked }',
    '',
  ].join('\n'),
}
for (const name of ['a', 'b']) {
  FILES[`test/${name}.test.js`] = [
    `const { sumOfSquares, later, checked } = require('../src/math.js')`,
    `describe('${name}', () => {`,
    `  it('sums squares', () => { expect(sumOfSquares([1, 2, 3])).toBe(14) })`,
    `  it('waits', async () => { expect(await later(3)).toBe(3) })`,
    `  it('refuses', () => { expect(() => checked(-1)).toThrow(RangeError) })`,
    `})`,
    '',
  ].join('\n')
}

async function jestRun(...args: string[]): Promise<string> {
  return jestRunIn(DIR, ...args)
}

async function jestRunIn(dir: string, ...args: string[]): Promise<string> {
  const { stdout, stderr } = await run(process.execPath, [JEST, ...args], { cwd: dir, env: { ...childRunnerEnv(), CI: 'true' }, timeout: 120_000 })
  return stdout + stderr
}

/** Sessions the runtime accounted for (runtime_cost) that recorded nothing: a process that ran no test. */
async function phantomSessions(trace: string): Promise<unknown> {
  return (await queryTrace(trace, `select count(*) as phantom from runtime_cost where session_id not in (select session_id from sessions)`))[0]
}

// A jsdom project whose own setup file (setupFiles, before execscope/jest-setup) loads app code.
const JSDOM_DIR = fileURLToPath(new URL('.tmp/jest-jsdom-project', import.meta.url))
const JSDOM_FILES: Record<string, string> = {
  'package.json': '{ "name": "jest-jsdom-project", "private": true }\n',
  'jest.config.js': `module.exports = {
  testEnvironment: 'jsdom',
  transform: { '\\\\.[cm]?[jt]sx?$': 'execscope/jest' },
  setupFiles: ['<rootDir>/setup/app.js'],
  setupFilesAfterEnv: ['execscope/jest-setup'],
}
`,
  'setup/app.js': `const { greet } = require('../src/greet.js')\nglobalThis.greeting = greet('setup')\n`,
  'src/greet.js': 'function greet(name) { return `hello ${name}` }\nfunction shout(name) { return greet(name).toUpperCase() }\nmodule.exports = { greet, shout }\n',
  'test/dom.test.js': [
    `const { shout } = require('../src/greet.js')`,
    `test('shouts into the document', () => {`,
    `  document.body.textContent = shout('dom')`,
    `  expect(document.body.textContent).toBe('HELLO DOM')`,
    `  expect(globalThis.greeting).toBe('hello setup')`,
    `})`,
    '',
  ].join('\n'),
}

// A TypeScript project through ts-jest, which cannot instrument for coverage itself.
const TS_DIR = fileURLToPath(new URL('.tmp/jest-ts-project', import.meta.url))
const TS_JEST = `['ts-jest', {}]`
const TS_FILES: Record<string, string> = {
  'package.json': '{ "name": "jest-ts-project", "private": true }\n',
  // isolatedModules: ts-jest transpiles each file alone, quickly (and needs no types for Jest's globals).
  'tsconfig.json': '{ "compilerOptions": { "target": "es2019", "module": "commonjs", "strict": true, "isolatedModules": true } }\n',
  'jest.config.js': `module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\\\.ts$': process.env.PLAIN ? ${TS_JEST} : ['execscope/jest', { transformer: 'ts-jest', transformerConfig: {} }] },
  setupFilesAfterEnv: process.env.PLAIN ? [] : ['execscope/jest-setup'],
}
`,
  'src/shapes.ts': [
    'export function take(list: number[]): number | string {',
    '  if (list.length === 0) {',
    `    return 'empty'`,
    '  }',
    '  return list[0]!',
    '}',
    '',
    'export class Counter {',
    '  count = 0',
    '  constructor(private readonly step: number = 1) {}',
    '  inc(): number {',
    '    this.count += this.step',
    '    return this.count',
    '  }',
    '}',
    '',
    `export const label = (n: number): string => (n > 1 ? \`\${n} items\` : 'one item')`,
    '',
  ].join('\n'),
  'test/shapes.test.ts': [
    `import { Counter, label, take } from '../src/shapes'`,
    `test('shapes', () => {`,
    `  expect(take([])).toBe('empty')`,
    `  expect(new Counter().inc()).toBe(1)`,
    `  expect(label(2)).toBe('2 items')`,
    `})`,
    '',
  ].join('\n'),
}

// A Jest suite: transform through execscope/jest (babel-jest first), the setup file, two workers.
describe('Jest with execscope/jest', () => {
  it('records every test file in its worker, tests named by their titles, and keeps the names across cached runs', async () => {
    writeProject(DIR, FILES)
    const expected = [
      { name: 'square', file: 'src/math.js', line: 1, calls: 6, throws: 0 },
      { name: 'sumOfSquares', file: 'src/math.js', line: 2, calls: 2, throws: 0 },
      { name: 'sumOfSquares.<arrow@2:50>', file: 'src/math.js', line: 2, calls: 6, throws: 0 },
      { name: 'later', file: 'src/math.js', line: 3, calls: 2, throws: 0 },
      { name: 'later.<arrow@3:49>', file: 'src/math.js', line: 3, calls: 2, throws: 0 },
      { name: 'checked', file: 'src/math.js', line: 4, calls: 2, throws: 2 },
      ...['a', 'b'].flatMap(name => [
        { name: `describe("${name}")`, file: `test/${name}.test.js`, line: 2, calls: 1, throws: 0 },
        { name: `describe("${name}").it("sums squares")`, file: `test/${name}.test.js`, line: 3, calls: 1, throws: 0 },
        { name: `describe("${name}").it("waits")`, file: `test/${name}.test.js`, line: 4, calls: 1, throws: 0 },
        { name: `describe("${name}").it("refuses")`, file: `test/${name}.test.js`, line: 5, calls: 1, throws: 0 },
        { name: `describe("${name}").it("refuses").<arrow@5:32>`, file: `test/${name}.test.js`, line: 5, calls: 1, throws: 1 },
      ]),
    ]

    // The last run measures coverage too: istanbul instruments inside babel-jest, before us.
    for (const round of ['first run', 'cached run', 'with --coverage']) {
      // The second run starts from nothing recorded, while Jest's cache still holds the transforms.
      rmSync(join(DIR, '.execscope'), { recursive: true, force: true })
      const coverage = round === 'with --coverage' ? ['--coverage', '--coverageReporters=json'] : []
      // A memory limit makes Jest use its workers even for quick tests it ran before (else it runs
      // them in its main process): once is enough, workers cost time.
      const workers = round === 'first run' ? ['--workerIdleMemoryLimit=2GB'] : []
      expect(await jestRun('--maxWorkers=2', ...workers, ...coverage), round).toMatch(/Tests:\s+6 passed, 6 total/)
      await run(process.execPath, [CLI, 'ingest'], { cwd: DIR })
      const trace = join(DIR, '.execscope', 'trace.duckdb')
      // No site of istanbul's counter function, which every statement calls.
      expect(await callsPerSite(trace), round).toEqual(expected)
      // Jest's main process, which loads the transformer but runs no test, records nothing.
      expect(await phantomSessions(trace), round).toEqual({ phantom: 0 })
    }
    // The same coverage as Jest's own babel-jest gives without execscope.
    const coverageFile = join(DIR, 'coverage', 'coverage-final.json')
    const traced = readFileSync(coverageFile, 'utf8')
    expect(await jestRun('--maxWorkers=2', '--coverage', '--coverageReporters=json', '--config', '{}')).toMatch(/Tests:\s+6 passed, 6 total/)
    expect(JSON.parse(traced)).toEqual(JSON.parse(readFileSync(coverageFile, 'utf8')))

    // With V8's coverage, what execscope adds goes on lines of its own (mapping to no source): the
    // same statements, functions and branches are counted and covered, the same lines uncovered.
    // (`checked`, which throws before its last statement, has an uncovered branch there.)
    const v8Coverage = async (...args: string[]): Promise<unknown> => {
      expect(await jestRun('--maxWorkers=2', '--coverage', '--coverageProvider=v8', '--coverageReporters=json', ...args)).toMatch(/Tests:\s+6 passed, 6 total/)
      const report = JSON.parse(readFileSync(coverageFile, 'utf8')) as Record<string, FileCoverage>
      return Object.fromEntries(Object.entries(report).map(([file, data]) => [file, v8CoverageDigest(data)]))
    }
    const withoutExecscope = await v8Coverage('--config', '{}')
    expect(Object.values(withoutExecscope)).toEqual([{ statements: '5/5', functions: '4/4', branches: '6/7', uncoveredLines: [] }])
    expect(await v8Coverage()).toEqual(withoutExecscope)
  }, 180_000)

  it('records modules that load before execscope/jest-setup (a setupFiles entry), in a jsdom environment too', async () => {
    writeProject(JSDOM_DIR, JSDOM_FILES)
    expect(await jestRunIn(JSDOM_DIR)).toMatch(/Tests:\s+1 passed, 1 total/)
    await run(process.execPath, [CLI, 'ingest'], { cwd: JSDOM_DIR })
    expect(await callsPerSite(join(JSDOM_DIR, '.execscope', 'trace.duckdb'))).toEqual([
      { name: 'greet', file: 'src/greet.js', line: 1, calls: 2, throws: 0 },
      { name: 'shout', file: 'src/greet.js', line: 2, calls: 1, throws: 0 },
      { name: 'test("shouts into the document")', file: 'test/dom.test.js', line: 2, calls: 1, throws: 0 },
    ])
  }, 120_000)

  it('gives the coverage plain ts-jest gives, instrumenting with istanbul before execscope where ts-jest cannot', async () => {
    writeProject(TS_DIR, TS_FILES)
    const coverageFile = join(TS_DIR, 'coverage', 'coverage-final.json')
    const coverage = ['--coverage', '--coverageReporters=json']
    expect(await jestRunIn(TS_DIR, ...coverage)).toMatch(/Tests:\s+1 passed, 1 total/)
    const traced = JSON.parse(readFileSync(coverageFile, 'utf8')) as Record<string, unknown>
    await run(process.execPath, [CLI, 'ingest'], { cwd: TS_DIR })
    // Placed in the TypeScript source; nothing of istanbul's.
    expect(await callsPerSite(join(TS_DIR, '.execscope', 'trace.duckdb'))).toEqual([
      { name: 'take', file: 'src/shapes.ts', line: 1, calls: 1, throws: 0 },
      { name: 'Counter.constructor', file: 'src/shapes.ts', line: 10, calls: 1, throws: 0 },
      { name: 'Counter.inc', file: 'src/shapes.ts', line: 11, calls: 1, throws: 0 },
      { name: 'label', file: 'src/shapes.ts', line: 17, calls: 1, throws: 0 },
      { name: 'test("shapes")', file: 'test/shapes.test.ts', line: 2, calls: 1, throws: 0 },
    ])
    const { stdout, stderr } = await run(process.execPath, [JEST, ...coverage], { cwd: TS_DIR, env: { ...childRunnerEnv(), CI: 'true', PLAIN: '1' }, timeout: 120_000 })
    expect(stdout + stderr).toMatch(/Tests:\s+1 passed, 1 total/)
    const plain = JSON.parse(readFileSync(coverageFile, 'utf8')) as Record<string, unknown>
    expect(Object.keys(plain)).toEqual([join(TS_DIR, 'src', 'shapes.ts')])
    expect(traced).toEqual(plain)
  }, 120_000)
})
