import { cpSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import execscope from 'execscope/esbuild'
import { describe, expect, it } from 'vitest'

const FIXTURE = fileURLToPath(new URL('../fixtures/node-app', import.meta.url))
const WORK = fileURLToPath(new URL('../.tmp/esbuild-bundle-option', import.meta.url))

describe('execscope under esbuild without bundle', () => {
  it('stops the build saying that bundle must be on, instead of writing files that import a runtime no one can load', async () => {
    rmSync(WORK, { recursive: true, force: true })
    mkdirSync(WORK, { recursive: true })
    cpSync(FIXTURE, WORK, { recursive: true })
    const common = { entryPoints: [join(WORK, 'src/main.js')], platform: 'node', format: 'esm', outdir: join(WORK, 'out'), logLevel: 'silent' } as const
    for (const bundle of [false, undefined]) {
      await expect(build({ ...common, ...(bundle === undefined ? {} : { bundle }), plugins: [execscope()] }))
        .rejects.toThrow(`[execscope] esbuild's "bundle" option is ${bundle === false ? 'false' : 'not set'}: execscope's instrumented modules import its runtime, which only a bundle can hold, so each output file would fail to load. Build with bundle: true`)
    }
    // Turned off, it stays out of the way.
    await expect(build({ ...common, plugins: [execscope({ enabled: false })] })).resolves.toMatchObject({ errors: [] })
    await expect(build({ ...common, bundle: true, plugins: [execscope()] })).resolves.toMatchObject({ errors: [] })
  }, 60_000)
})
