import type { RollupLog } from 'rollup'
import { cpSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import execscope from 'execscope/rollup'
import { rollup } from 'rollup'
import { run } from '#test-utils'
import { describe, expect, it } from 'vitest'

const FIXTURE = fileURLToPath(new URL('../fixtures/node-app', import.meta.url))
const WORK = fileURLToPath(new URL('../.tmp/rollup-node-builtins', import.meta.url))

describe('a Node app built with Rollup and runtime: \'node\'', () => {
  it('builds without warnings about the Node built-ins the runtime imports, and runs as before', async () => {
    rmSync(WORK, { recursive: true, force: true })
    mkdirSync(WORK, { recursive: true })
    cpSync(FIXTURE, WORK, { recursive: true })
    const warnings: RollupLog[] = []
    // No `external`: the app itself imports no built-in, so Rollup has nothing to warn about.
    const bundle = await rollup({ input: join(WORK, 'src/main.js'), plugins: [execscope({ runtime: 'node' })], onwarn: warning => void warnings.push(warning) })
    await bundle.write({ file: join(WORK, 'out/main.mjs'), format: 'es' })
    await bundle.close()
    expect(warnings.map(w => `${w.code}: ${w.message}`)).toEqual([])

    const raw = (await run(process.execPath, ['src/main.js'], { cwd: WORK })).stdout
    expect((await run(process.execPath, ['out/main.mjs'], { cwd: WORK })).stdout).toBe(raw)
  }, 60_000)
})
