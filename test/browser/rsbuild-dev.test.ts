import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { devServerApp, expectDevServerAppCalls, expectDevServerAppTrace, freePort, queryTrace, recordThreeClicks, run, writeProject } from '#test-utils'
import { describe, expect, it } from 'vitest'

// Under test/, so the app resolves @rsbuild/core and execscope from test/node_modules.
const WORK = fileURLToPath(new URL('../.tmp', import.meta.url))
const TSC = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url))

// What `rsbuild dev` does, with the plugin in the config: the dev server on a known port, stopped on SIGTERM.
function devScript(port: number): string {
  return `import { createRsbuild } from '@rsbuild/core'
import { pluginExecscope } from 'execscope/rsbuild'
const rsbuild = await createRsbuild({
  cwd: import.meta.dirname,
  rsbuildConfig: {
    plugins: [pluginExecscope()],
    html: { template: './index.html' },
    server: { host: '127.0.0.1', port: ${port}, strictPort: true },
  },
})
const { server } = await rsbuild.startDevServer()
console.log('serving')
process.on('SIGTERM', () => server.close().then(() => process.exit(0)))
`
}

// An Rsbuild user adds pluginExecscope() and runs `rsbuild dev`: the page's records land in
// .execscope/trace.duckdb through the dev server's collector, with the development defaults.
describe('rsbuild dev + chromium → DuckDB', () => {
  it('records the app through the dev server\'s collector, named and placed in the sources, and closes the file when the server stops', async () => {
    const dir = join(WORK, 'rsbuild-dev-app')
    writeProject(dir, { ...devServerApp({ scriptTag: false }), 'package.json': '{ "name": "rsbuild-dev-app", "private": true, "type": "module" }\n' })
    const port = await freePort()
    writeFileSync(join(dir, 'dev.mjs'), devScript(port))
    await recordThreeClicks(dir, 'dev.mjs', `http://127.0.0.1:${port}/`)
    await expectDevServerAppTrace(join(dir, '.execscope', 'trace.duckdb'))
  }, 180_000)

  it('gives a plugin that Rsbuild\'s defineConfig takes, with TypeScript\'s strict checks', async () => {
    const dir = join(WORK, 'rsbuild-config-types')
    writeProject(dir, {
      'package.json': '{ "name": "rsbuild-config-types", "private": true, "type": "module" }\n',
      'rsbuild.config.ts': `import { defineConfig } from '@rsbuild/core'\nimport { pluginExecscope } from 'execscope/rsbuild'\nexport default defineConfig({ plugins: [pluginExecscope({ record: 'calls' })] })\n`,
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: true, types: [] }, files: ['rsbuild.config.ts'] }),
    })
    // Resolves when tsc exits 0; its diagnostics are the error otherwise.
    await run(process.execPath, [TSC, '-p', dir], { cwd: dir })
  }, 60_000)

  it('instruments a production build as the rspack plugin does, leaves the functions\' names beside the trace file, and records it under rsbuild preview', async () => {
    const dir = join(WORK, 'rsbuild-build-app')
    writeProject(dir, { ...devServerApp({ scriptTag: false }), 'package.json': '{ "name": "rsbuild-build-app", "private": true, "type": "module" }\n' })
    writeFileSync(join(dir, 'build.mjs'), `import { createRsbuild } from '@rsbuild/core'
import { pluginExecscope } from 'execscope/rsbuild'
const rsbuild = await createRsbuild({ cwd: import.meta.dirname, rsbuildConfig: { plugins: [pluginExecscope()], html: { template: './index.html' } } })
await rsbuild.build()
`)
    await run(process.execPath, ['build.mjs'], { cwd: dir, timeout: 120_000 })
    // A build opens no trace file: it leaves the functions' names beside it, for `execscope ingest`
    // and `execscope serve`, and the page posts to the collector's path.
    const manifest = JSON.parse(readFileSync(join(dir, '.execscope', 'sites.json'), 'utf8')) as { modules: Record<string, { sites: Array<{ name: string, line: number }> }> }
    expect(Object.fromEntries(Object.entries(manifest.modules).map(([file, { sites }]) => [file, sites.map(site => `${site.name}:${site.line}`).sort()]))).toEqual({
      'src/cart.js': ['Cart.add:3', 'Cart.items:2', 'validQty:9'],
      'src/index.js': ['onAdd:4', 'render.<arrow@10:80>:10', 'render:10'],
    })
    expect(existsSync(join(dir, '.execscope', 'trace.duckdb'))).toBe(false)
    const scripts = readdirSync(join(dir, 'dist', 'static', 'js')).map(name => readFileSync(join(dir, 'dist', 'static', 'js', name), 'utf8')).join('\n')
    expect(scripts).toContain('"/__execscope"')

    // `rsbuild preview` serves the build and records it, naming the functions from that manifest.
    const port = await freePort()
    writeFileSync(join(dir, 'preview.mjs'), `import { createRsbuild } from '@rsbuild/core'
import { pluginExecscope } from 'execscope/rsbuild'
const rsbuild = await createRsbuild({ cwd: import.meta.dirname, rsbuildConfig: { plugins: [pluginExecscope()], html: { template: './index.html' }, server: { host: '127.0.0.1', port: ${port}, strictPort: true } } })
const { server } = await rsbuild.preview()
console.log('serving')
process.on('SIGTERM', () => server.close().then(() => process.exit(0)))
`)
    await recordThreeClicks(dir, 'preview.mjs', `http://127.0.0.1:${port}/`)
    const file = join(dir, '.execscope', 'trace.duckdb')
    await expectDevServerAppCalls(file)
    // A build's defaults: calls only, no value previews.
    expect(await queryTrace(file, 'select count(*) as previews from values')).toEqual([{ previews: 0 }])
  }, 180_000)
})
