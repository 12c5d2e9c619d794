import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { build } from 'esbuild'
import { afterAll, beforeAll } from 'vitest'

const run = promisify(execFile)

/**
 * A scenario script of fixtures/ run in plain Node processes, raw or with the Node probes
 * installed (fixtures/counting-probes.mjs loads the bundle named by PROBES). Such a process cannot
 * load TypeScript, so the test file's beforeAll bundles the probes' entry once.
 */
export function probeScenario(name: string): (withProbes: boolean) => Promise<{ stdout: string, stderr: string }> {
  const scenario = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))
  let dir = ''
  let bundle = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'execscope-probes-'))
    bundle = join(dir, 'probes.mjs')
    await build({ entryPoints: [fileURLToPath(new URL('../probes-node.ts', import.meta.url))], bundle: true, format: 'esm', platform: 'neutral', outfile: bundle, logLevel: 'silent' })
  })
  afterAll(async () => {
    if (dir && !process.env.EXECSCOPE_KEEP_TMP) await rm(dir, { recursive: true, force: true })
  })
  return (withProbes) => {
    const env: NodeJS.ProcessEnv = { ...process.env, PROBES: bundle }
    delete env.NODE_OPTIONS
    if (!withProbes) delete env.PROBES
    return run(process.execPath, [scenario], { env, timeout: 20_000 })
  }
}
