import type { SiteRow } from '@execscope/core'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLogger } from './logger.ts'
import { createSitesFileWriter, readSitesFile } from './sites-file.ts'
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
