import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { describe, expect, it } from 'vitest'

const FIXTURE = fileURLToPath(new URL('../fixtures/vue-app', import.meta.url))
const TEST_MODULES = fileURLToPath(new URL('../node_modules', import.meta.url))

interface SiteEntry { name: string, file: string, line: number }

// Vue's plugin compiles `.vue` files without source maps in a build that does not ask for them
// (`build.sourcemap`, off by default): the functions must still be placed in the `.vue` file.
describe('vite build of a Vue app, without build.sourcemap', () => {
  it('places the component\'s functions at their lines in the .vue file, and emits no map', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'execscope-vue-build-'))
    try {
      cpSync(FIXTURE, dir, { recursive: true })
      symlinkSync(TEST_MODULES, join(dir, 'node_modules'), 'dir')
      const output = await build({ root: dir, configFile: join(dir, 'vite.config.ts'), logLevel: 'error' })
      const files = (Array.isArray(output) ? output : [output]).flatMap(result => 'output' in result ? result.output.map(chunk => chunk.fileName) : [])
      expect(files.filter(name => name.endsWith('.map'))).toEqual([])
      const manifest = JSON.parse(readFileSync(join(dir, '.execscope', 'sites.json'), 'utf8')) as { modules: Record<string, { sites: SiteEntry[] }> }
      const sites = Object.values(manifest.modules).flatMap(module => module.sites).filter(site => site.file === 'src/Tally.vue')
      const source = readFileSync(join(dir, 'src/Tally.vue'), 'utf8').split('\n')
      const line = (needle: string): number => source.findIndex(text => text.includes(needle)) + 1
      expect(sites.filter(site => ['Counter.bump', 'onBump'].includes(site.name)).map(({ name, line }) => ({ name, line }))).toEqual([
        { name: 'Counter.bump', line: line('bump(by: number)') },
        { name: 'onBump', line: line('function onBump') },
      ])
      expect(sites.filter(site => site.line > source.length)).toEqual([])
    }
    finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
