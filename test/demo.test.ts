import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { playgroundDir } from '#test-utils'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)

describe('the README demo (npm run demo -- --once, after set-up)', () => {
  it('records the playground in Chromium and prints the summary', async () => {
    const { stdout } = await run(process.execPath, [join(playgroundDir('browser-app'), 'demo.mjs'), '--once'], { timeout: 120_000 })
    const calls = Number(/calls recorded\s+(\d+)/.exec(stdout)?.[1])
    expect(calls).toBeGreaterThan(100)
    expect(stdout).toMatch(/threads\s+2 \(in 1 session\)/)
    // The page and its word-count worker: five lists down, five answers up, both sides of each.
    expect(stdout).toMatch(/messages\s+10 between threads and their workers \(10 with both sides recorded\)/)
    expect(stdout).toMatch(/thrown errors\s+1 \(2 calls ended by throwing\)\n/)
    expect(stdout).toMatch(/dropped events\s+0\n/)
    // Ten rows of `name  file:line  calls  self-ms` under the header (a sampled function's calls
    // say how many were timed, and a note says so below them).
    const table = stdout.slice(stdout.indexOf('name '), stdout.indexOf('most thrown')).trim().split('\n').slice(1).filter(row => !row.includes('self-ms counts'))
    expect(table).toHaveLength(10)
    for (const row of table) expect(row).toMatch(/^\s*\S.*\s+src\/[\w.-]+\.ts:\d+\s+\d+(?: \(\d+ timed\))?\s+\d+\.\d{3}$/)
    // What the page threw, previewed in the browser, and the store's state changes.
    expect(stdout).toContain('1× ValidationError: A task needs a title (parseTitle src/todo.ts:14)')
    expect(stdout).toMatch(/state changes\s+9 \(most changed: TodoStore#1 9×\)/)
    expect(stdout).toContain('trace file       playground/browser-app/.execscope/trace.duckdb')
    expect(stdout).toContain('pnpm exec execscope sql playground/browser-app/.execscope/trace.duckdb')
  })
})
