import type { SiteRow } from '@execscope/core'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLogger } from './logger.ts'
import { createSitesFileWriter, readSiteManifests, readSitesFile, siteManifestPaths } from './sites-file.ts'
import { tempDirs } from './temp-dirs.test-support.ts'

const tempDir = tempDirs('execscope-sites-')

function site(file: string, name: string, siteId: number): SiteRow {
  return { siteId, key: `${file}#${name}#0`, kind: 'function', name, file, line: 1, column: 1, isAsync: false, isGenerator: false }
}

describe('the sites file', () => {
  it('merges the modules of several builds; a module\'s newest build wins where two name the same site, and keeps the sites only earlier ones had', () => {
    const path = join(tempDir(), '.execscope', 'sites.json')
    const lines: string[] = []
    const logger = createLogger(line => lines.push(line))
    const client = createSitesFileWriter(() => path)
    client.add([site('src/a.ts', 'a', 1)], 'h1')
    client.add([site('src/b.ts', 'b', 2)], 'h2')
    client.write(logger)
    const server = createSitesFileWriter(() => path)
    // The module changed: `b` was renamed `b2` (a new id) and its second function kept its id.
    server.add([site('src/b.ts', 'b2', 3)], 'h3')
    server.write(logger)
    const { modules } = readSitesFile(path)
    expect(Object.keys(modules).sort()).toEqual(['src/a.ts', 'src/b.ts'])
    // Traces recorded with the earlier version still find `b`.
    expect(modules['src/b.ts']).toEqual({ moduleHash: 'h3', sites: [site('src/b.ts', 'b2', 3), site('src/b.ts', 'b', 2)] })
    const renamed = createSitesFileWriter(() => path)
    renamed.add([{ ...site('src/b.ts', 'b2', 3), line: 9 }], 'h4')
    renamed.write(logger)
    expect(readSitesFile(path).modules['src/b.ts']!.sites.map(row => `${row.siteId}:${row.name}:${row.line}`)).toEqual(['3:b2:9', '2:b:1'])
    expect(lines).toEqual([])
  })

  it('reads a missing file as empty and names a damaged one', () => {
    const dir = tempDir()
    expect(readSitesFile(join(dir, 'none.json'))).toEqual({ version: 1, modules: {} })
    writeFileSync(join(dir, 'bad.json'), '{"version": 1, "modules": ')
    expect(() => readSitesFile(join(dir, 'bad.json'))).toThrow(/bad\.json is not valid JSON .*Delete it and build again/)
    writeFileSync(join(dir, 'other.json'), '{"name": "x"}')
    expect(() => readSitesFile(join(dir, 'other.json'))).toThrow(/other\.json is not an execscope site manifest/)
  })

  it('replaces a damaged file when a build writes', () => {
    const path = join(tempDir(), 'sites.json')
    writeFileSync(path, 'not json')
    const writer = createSitesFileWriter(() => path)
    writer.add([site('src/a.ts', 'a', 1)], 'h1')
    writer.write(createLogger(() => {}))
    expect(JSON.parse(readFileSync(path, 'utf8')).modules['src/a.ts'].moduleHash).toBe('h1')
  })
})

describe('--sites', () => {
  // As --import execscope/register leaves them: one manifest per module in .execscope/sites/.
  function registerApp(): string {
    const app = tempDir()
    mkdirSync(join(app, '.execscope', 'sites'), { recursive: true })
    writeFileSync(join(app, '.execscope', 'sites', 'server.json'), JSON.stringify({ version: 1, modules: { 'server.js': { moduleHash: 'h1', sites: [site('server.js', 'handle', 7)] } } }))
    return app
  }
  const namesFrom = ({ sitesFile, sitesDir }: { sitesFile: string, sitesDir: string }): string[] =>
    readSiteManifests(sitesFile, sitesDir).modules.flatMap(m => m.sites.map(row => row.name))

  it('takes the names a program run with --import execscope/register left, given its .execscope/ or .execscope/sites/ directory', () => {
    const app = registerApp()
    const trace = join(tempDir(), 'trace.duckdb')
    expect(namesFrom(siteManifestPaths(trace, join(app, '.execscope'), 'sites.json', 'sites'))).toEqual(['handle'])
    expect(namesFrom(siteManifestPaths(trace, join(app, '.execscope', 'sites'), 'sites.json', 'sites'))).toEqual(['handle'])
  })

  it('takes a build\'s sites.json, and without the flag what sits beside the trace file', () => {
    const app = registerApp()
    writeFileSync(join(app, 'sites.json'), JSON.stringify({ version: 1, modules: { 'main.js': { moduleHash: 'h2', sites: [site('main.js', 'main', 9)] } } }))
    const trace = join(tempDir(), 'trace.duckdb')
    expect(namesFrom(siteManifestPaths(trace, join(app, 'sites.json'), 'sites.json', 'sites'))).toEqual(['main'])
    expect(namesFrom(siteManifestPaths(join(app, '.execscope', 'trace.duckdb'), undefined, 'sites.json', 'sites'))).toEqual(['handle'])
  })

  it('says what to give when the path names nothing', () => {
    expect(() => siteManifestPaths(join(tempDir(), 'trace.duckdb'), '/no/such/.execscope', 'sites.json', 'sites')).toThrow(/no file or directory \/no\/such\/\.execscope.*--import execscope\/register/)
  })
})
