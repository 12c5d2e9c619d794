import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { GLOBAL_RUNTIME_KEY } from '@execscope/core'

/*
 * Under Vitest, each test file ships its records when it ends. Vitest ends its workers without an
 * exit event (threads are terminated; forks get SIGTERM, then SIGKILL half a second later), so
 * waiting for the process to end would lose the last records.
 */
const SETUP_SOURCE = `// Written by execscope: ships each test file's records when the file ends.
import { afterAll } from 'vitest'

afterAll(async () => {
  await globalThis[${JSON.stringify(GLOBAL_RUNTIME_KEY)}]?.flush?.()
})
`

/**
 * Writes the setup file into the project's `node_modules/.execscope/` and returns its path. It
 * lives there, not in execscope's own directory, so that its `import 'vitest'` finds the project's
 * Vitest, the instance that runs the tests.
 */
export function writeVitestSetupFile(root: string): string {
  const dir = join(root, 'node_modules', '.execscope')
  const file = join(dir, 'vitest-setup.mjs')
  let current: string | undefined
  try {
    current = readFileSync(file, 'utf8')
  }
  catch {}
  if (current !== SETUP_SOURCE) {
    mkdirSync(dir, { recursive: true })
    writeFileSync(file, SETUP_SOURCE)
  }
  return file
}
