import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { callsPerSite, childRunnerEnv, queryTrace, run, writeProject } from '#test-utils'
import { describe, expect, it } from 'vitest'

// Under test/, so the app resolves vite and execscope from test/node_modules.
const DIR = fileURLToPath(new URL('.tmp/ssr-dev-app', import.meta.url))

const FILES: Record<string, string> = {
  'package.json': '{ "name": "ssr-dev-app", "private": true, "type": "module" }\n',
  'src/entry-server.ts': [
    'export class Page {',
    '  constructor(private title: string) {}',
    '  render(items: string[]): string { return `<h1>${this.title}</h1><ul>${items.map(item => row(item)).join(\'\')}</ul>` }',
    '}',
    'function row(item: string): string { if (!item) throw new Error(\'empty item\'); return `<li>${item}</li>` }',
    'export async function render(url: string): Promise<string> {',
    '  await new Promise(resolve => setTimeout(resolve, 5))',
    '  try { new Page(\'broken\').render([\'\']) } catch {}',
    '  return new Page(url).render([\'a\', \'b\', \'c\'])',
    '}',
    '',
  ].join('\n'),
  // A server that renders three pages and closes at once, within the runtime's first flush interval.
  'serve.mjs': [
    'import { createServer } from \'vite\'',
    'import execscope from \'execscope/vite\'',
    'const server = await createServer({ root: process.cwd(), logLevel: \'error\', server: { middlewareMode: true }, appType: \'custom\', plugins: [execscope()] })',
    'const { render } = await server.ssrLoadModule(\'/src/entry-server.ts\')',
    'for (let i = 0; i < 3; i++) console.log(await render(`/page/${i}`))',
    'await server.close()',
    '',
  ].join('\n'),
}

// Vite's SSR runs the server code in the dev server's own process: its records reach the trace
// even when the server closes right after, and the process then exits.
describe('vite dev server with SSR (ssrLoadModule)', () => {
  it('stores every call the server-side code made before the server closed, and lets the process exit', async () => {
    writeProject(DIR, FILES)
    const started = performance.now()
    const { stdout } = await run(process.execPath, ['serve.mjs'], { cwd: DIR, env: childRunnerEnv(), timeout: 60_000 })
    // Before, the runtime's retries to the closed collector kept the process alive indefinitely.
    expect(performance.now() - started).toBeLessThan(30_000)
    expect(stdout).toContain('<h1>/page/2</h1><ul><li>a</li><li>b</li><li>c</li></ul>')
    const rows = await callsPerSite(join(DIR, '.execscope', 'trace.duckdb'), `s.file = 'src/entry-server.ts'`)
    expect(rows).toEqual([
      { name: 'Page.constructor', file: 'src/entry-server.ts', line: 2, calls: 6, throws: 0 },
      { name: 'Page.render', file: 'src/entry-server.ts', line: 3, calls: 6, throws: 3 },
      { name: 'Page.render.<arrow@3:83>', file: 'src/entry-server.ts', line: 3, calls: 12, throws: 3 },
      { name: 'row', file: 'src/entry-server.ts', line: 5, calls: 12, throws: 3 },
      { name: 'render', file: 'src/entry-server.ts', line: 6, calls: 3, throws: 0 },
      { name: 'render.<arrow@7:21>', file: 'src/entry-server.ts', line: 7, calls: 3, throws: 0 },
    ])
    // render is one logical call across its await.
    expect(await queryTrace(join(DIR, '.execscope', 'trace.duckdb'), `select max(segments) as segments from calls c join sites s using (site_id) where s.name = 'render'`)).toEqual([{ segments: 2 }])
  }, 90_000)
})
