import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const scenario = fileURLToPath(new URL('./fixtures/async-stacks-scenario.mjs', import.meta.url))
let dir: string
let bundle: string

beforeAll(async () => {
  // Plain Node processes, which cannot load TypeScript: bundle the entry (as semantics.test.ts does).
  dir = await mkdtemp(join(tmpdir(), 'execscope-stacks-'))
  bundle = join(dir, 'probes.mjs')
  await build({ entryPoints: [fileURLToPath(new URL('../probes-node.ts', import.meta.url))], bundle: true, format: 'esm', platform: 'neutral', outfile: bundle, logLevel: 'silent' })
})

afterAll(async () => {
  if (!process.env.EXECSCOPE_KEEP_TMP) await rm(dir, { recursive: true, force: true })
})

async function stacks(probes: string | undefined): Promise<{ frames: Record<string, string[]>, stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PROBES: probes }
  delete env.NODE_OPTIONS
  if (probes === undefined) delete env.PROBES
  const { stdout, stderr } = await run(process.execPath, [scenario], { env, timeout: 20_000 })
  return { frames: JSON.parse(stdout) as Record<string, string[]>, stderr }
}

describe('installProbes (async stack traces)', () => {
  it('keeps every async frame of new Error().stack: Promise.all, chains of awaits, a promise resolved with a promise', async () => {
    const raw = await stacks(undefined)
    const probed = await stacks(bundle)
    // Paths of awaits, combinators and resolve functions: the same frames, none added.
    const { then, finally: onFinally, ...awaited } = raw.frames
    expect(awaited.all).toEqual(['at frames', 'at leaf', 'at async Promise.all', 'at async viaAll', 'at async'])
    expect(awaited.awaitChain).toEqual(['at frames', 'at leaf', 'at async chain3', 'at async chain2', 'at async chain1', 'at async'])
    for (const [name, frames] of Object.entries(awaited)) expect({ name, frames: probed.frames[name] }).toEqual({ name, frames })
    // A `then`/`finally` callback runs in the probe's window, the one frame the probes add (named
    // execscopeLink); the async frames below it are those without the probes.
    for (const [name, frames] of Object.entries({ then, finally: onFinally })) {
      expect({ name, frames: probed.frames[name]!.filter(f => f !== 'at execscopeLink') }).toEqual({ name, frames })
    }
    // The probes did link: the `then` and `finally` callbacks at least.
    expect(Number(/records: (\d+)/.exec(probed.stderr)?.[1])).toBeGreaterThanOrEqual(6)
  })
})
