import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createStore } from '@execscope/store'
import { CLI } from '#test-utils'
import { expect, it } from 'vitest'

const WORK = fileURLToPath(new URL('.tmp/cli-pipe', import.meta.url))

it('ends quietly when the reader of its output goes away, as `execscope sql … | head` does', async () => {
  rmSync(WORK, { recursive: true, force: true })
  mkdirSync(WORK, { recursive: true })
  const file = join(WORK, 'trace.duckdb')
  await (await createStore({ file })).close()
  const child = spawn(process.execPath, [CLI, 'sql', file, 'select * from range(200000)'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  // Like head: read the first lines, then close the pipe while the rows are still coming.
  child.stdout.once('data', () => child.stdout.destroy())
  const [code] = await once(child, 'exit')
  expect(stderr).toBe('')
  expect(code).toBe(0)
}, 60_000)
