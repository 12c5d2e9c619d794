import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { buildNodeApp, CLI, expectNodeAppTrace, run } from '#test-utils'
import { describe, expect, it } from 'vitest'

/** Builds the fixture app with one bundler, runs it, stores its batch files with `execscope ingest`. */
async function buildRunIngest(bundler: string): Promise<{ dir: string, raw: string, instrumented: string, ingest: string }> {
  const { dir, entry } = await buildNodeApp(bundler)
  const raw = (await run(process.execPath, ['src/main.js'], { cwd: dir })).stdout
  const instrumented = (await run(process.execPath, [entry], { cwd: dir })).stdout
  const ingest = (await run(process.execPath, [CLI, 'ingest'], { cwd: dir })).stdout
  return { dir, raw, instrumented, ingest }
}

// Rollup is told `runtime: 'node'`; the others find out from their own target settings.
describe.each(['esbuild', 'rollup', 'vite-ssr', 'webpack', 'rspack'])('a Node app built with %s', (bundler) => {
  it('runs as before, and `execscope ingest` stores its calls with names, places, throws and async segments', async () => {
    const { dir, raw, instrumented, ingest } = await buildRunIngest(bundler)
    expect(instrumented).toBe(raw)
    expect(ingest).toMatch(/^Stored 1 batch \(\d+ records\) from 1 file into \.execscope\/trace\.duckdb; sites of 2 modules; the runtime's account of 1 thread\.$/m)
    // Stored batch files are removed, so a second ingest stores nothing twice.
    expect(readdirSync(join(dir, '.execscope', 'batches'))).toEqual([])
    const file = join(dir, '.execscope', 'trace.duckdb')
    expect(existsSync(file)).toBe(true)

    await expectNodeAppTrace(file)
  }, 180_000)
})
