import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const scenario = fileURLToPath(new URL('./fixtures/semantics-scenario.mjs', import.meta.url))
let dir: string
let bundle: string

beforeAll(async () => {
  // The scenario runs in plain Node processes, which cannot load TypeScript: bundle the entry.
  dir = await mkdtemp(join(tmpdir(), 'execscope-probes-'))
  bundle = join(dir, 'probes.mjs')
  await build({ entryPoints: [fileURLToPath(new URL('../probes-node.ts', import.meta.url))], bundle: true, format: 'esm', platform: 'neutral', outfile: bundle, logLevel: 'silent' })
})

afterAll(async () => {
  if (!process.env.EXECSCOPE_KEEP_TMP) await rm(dir, { recursive: true, force: true })
})

async function scenarioOutput(probes: string | undefined): Promise<{ stdout: string, stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PROBES: probes }
  delete env.NODE_OPTIONS
  if (probes === undefined) delete env.PROBES
  return run(process.execPath, [scenario], { env, timeout: 20_000 })
}

describe('installProbes (semantic equivalence)', () => {
  it('leaves every observable result of the patched APIs as it was', async () => {
    // One after the other: the timers' order must not depend on how two processes share the cores.
    const raw = await scenarioOutput(undefined)
    const probed = await scenarioOutput(bundle)
    const rawOut = JSON.parse(raw.stdout) as Record<string, unknown>
    // Same order of keys and same values: results, `this`, arguments, errors, descriptors,
    // length/name, unhandled and handled rejections, microtask order, message data.
    expect(JSON.parse(probed.stdout)).toEqual(rawOut)
    expect(Object.keys(rawOut).length).toBeGreaterThan(20)
    // The probes did run: they wrote records for all of the above.
    expect(Number(/records: (\d+)/.exec(probed.stderr)?.[1])).toBeGreaterThan(50)
  })
})
