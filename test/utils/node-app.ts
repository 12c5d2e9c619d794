import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

export const run = promisify(execFile)
const FIXTURE = fileURLToPath(new URL('../fixtures/node-app', import.meta.url))
// Under test/, so the builds resolve the bundlers and execscope from test/node_modules.
const WORK = fileURLToPath(new URL('../.tmp', import.meta.url))
/** The execscope command line, from its package. */
export const CLI: string = fileURLToPath(new URL('../../packages/execscope/bin/execscope.mjs', import.meta.url))

/**
 * Copies test/fixtures/node-app (a small shop cart: classes, a caught throw, async checkout) into
 * a fresh directory and builds it for Node with one bundler and execscope plugged in (see its
 * build.mjs). Returns the directory and the built entry, relative to it.
 */
export async function buildNodeApp(bundler: string, name = `node-app-${bundler}`): Promise<{ dir: string, entry: string }> {
  const dir = join(WORK, name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  cpSync(FIXTURE, dir, { recursive: true })
  await run(process.execPath, ['build.mjs', bundler], { cwd: dir, timeout: 120_000 })
  return { dir, entry: join('out', readdirSync(join(dir, 'out')).find(file => file.startsWith('main.'))!) }
}
