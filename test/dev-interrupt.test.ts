import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { callsPerSite, childRunnerEnv, writeProject } from '#test-utils'
import { describe, expect, it } from 'vitest'

// Under test/, so the app resolves vite and execscope from test/node_modules.
const DIR = fileURLToPath(new URL('.tmp/dev-interrupt-app', import.meta.url))

const FILES: Record<string, string> = {
  'package.json': '{ "name": "dev-interrupt-app", "private": true, "type": "module" }\n',
  'index.html': '<!doctype html><script type="module" src="/src/main.ts"></script>\n',
  'src/main.ts': 'export function hello(): string { return \'hello\' }\n',
  'src/entry-server.ts': 'export function render(url: string): string { return `<p>${url}</p>` }\n',
  // As `vite dev` runs it: a listening server, no SIGINT listener of the app's; the server-side
  // code it loads installs the Node runtime (and its own signal listeners) in this process.
  'serve.mjs': [
    'import { createServer } from \'vite\'',
    'import execscope from \'execscope/vite\'',
    'const server = await createServer({ root: process.cwd(), logLevel: \'error\', server: { host: \'127.0.0.1\', port: 0 }, plugins: [execscope()] })',
    'await server.listen()',
    'const { render } = await server.ssrLoadModule(\'/src/entry-server.ts\')',
    'for (let i = 0; i < 3; i++) render(`/page/${i}`)',
    'console.log(\'ready\')',
    '',
  ].join('\n'),
}

// Ctrl+C in the terminal: the process ends as SIGINT ends it, after the trace file is closed.
describe('vite dev server stopped with Ctrl+C (SIGINT)', () => {
  it('closes the trace file, says what it recorded, and ends as the signal would have ended it', async () => {
    writeProject(DIR, FILES)
    const child = spawn(process.execPath, ['serve.mjs'], { cwd: DIR, env: childRunnerEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk))
    const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>(resolve => child.on('exit', (code, signal) => resolve({ code, signal })))
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "ready" in 30 s: ${output}`)), 30_000)
      child.stdout.on('data', () => {
        if (output.includes('ready')) {
          clearTimeout(timer)
          resolve()
        }
      })
    })
    const interrupted = performance.now()
    child.kill('SIGINT')
    const { code, signal } = await exited
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGINT' })
    expect(performance.now() - interrupted).toBeLessThan(8000)
    expect(output).toMatch(/\[execscope\] 3 calls from 1 session in \.execscope\/trace\.duckdb/)
    const file = join(DIR, '.execscope', 'trace.duckdb')
    // Closed: no write-ahead log left beside it, nor the collector's advert.
    expect(existsSync(`${file}.wal`)).toBe(false)
    expect(existsSync(`${file}.collector.json`)).toBe(false)
    expect(await callsPerSite(file, `s.file = 'src/entry-server.ts'`)).toEqual([{ name: 'render', file: 'src/entry-server.ts', line: 1, calls: 3, throws: 0 }])
  }, 60_000)
})
