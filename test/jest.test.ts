import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FileCoverage } from '#test-utils'
import { callsPerSite, childRunnerEnv, CLI, run, v8CoverageDigest, writeProject } from '#test-utils'
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
  const { stdout, stderr } = await run(process.execPath, [JEST, ...args], { cwd: DIR, env: { ...childRunnerEnv(), CI: 'true' }, timeout: 120_000 })
  return stdout + stderr
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
      expect(await jestRun('--maxWorkers=2', ...coverage), round).toMatch(/Tests:\s+6 passed, 6 total/)
      await run(process.execPath, [CLI, 'ingest'], { cwd: DIR })
      // No site of istanbul's counter function, which every statement calls.
      expect(await callsPerSite(join(DIR, '.execscope', 'trace.duckdb')), round).toEqual(expected)
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
})
