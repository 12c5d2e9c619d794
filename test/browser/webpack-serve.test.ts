import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { childRunnerEnv, launchChromium, queryTrace, waitForCount, writeProject } from '#test-utils'
import { describe, expect, it } from 'vitest'

// Under test/, so the app resolves webpack, rspack, their dev servers and execscope from test/node_modules.
const WORK = fileURLToPath(new URL('../.tmp', import.meta.url))

const APP: Record<string, string> = {
  'package.json': '{ "name": "serve-app", "private": true }\n',
  'index.html': '<!doctype html><button id="add">Add</button><ul id="list"></ul><p id="status"></p><script src="/main.js"></script>\n',
  'src/cart.js': [
    'export class Cart {',
    '  items = []',
    '  add(name, qty) {',
    '    if (name === \'pear\') throw new Error(\'No pears\')',
    '    this.items.push({ name, qty: validQty(qty) })',
    '    return this.items.length',
    '  }',
    '}',
    'export function validQty(qty) { return Math.max(1, qty) }',
    '',
  ].join('\n'),
  'src/index.js': [
    'import { Cart } from \'./cart.js\'',
    'const cart = new Cart()',
    'let clicks = 0',
    'function onAdd() {',
    '  clicks++',
    '  try { cart.add(clicks === 2 ? \'pear\' : \'apple\', clicks) }',
    '  catch (error) { document.getElementById(\'status\').textContent = error.message }',
    '  render()',
    '}',
    'function render() { document.getElementById(\'list\').innerHTML = cart.items.map(item => `<li>${item.name}×${item.qty}</li>`).join(\'\') }',
    'document.getElementById(\'add\').addEventListener(\'click\', onAdd)',
    '',
  ].join('\n'),
}

// What `webpack serve` (webpack-cli) and `rspack serve` do: WEBPACK_SERVE set before the config
// is read, the dev server given the config's `devServer`. Stops the server on SIGTERM.
function serveScript(bundler: 'webpack' | 'rspack', port: number): string {
  const [core, factory, devServer] = bundler === 'webpack'
    ? ['webpack', 'webpack', 'webpack-dev-server']
    : ['@rspack/core', 'rspack', '@rspack/dev-server']
  return `process.env.WEBPACK_SERVE = 'true'
const { join } = require('node:path')
const core = require('${core}')
const DevServer = require('${devServer}')
const execscope = require('execscope/${bundler}').default
const compiler = (core.${factory} ?? core)({
  mode: 'development',
  context: __dirname,
  entry: './src/index.js',
  output: { path: join(__dirname, 'dist'), filename: 'main.js' },
  devtool: 'source-map',
  plugins: [execscope()],
  // The app's root as a static directory, the trace's directory in it: a change there must not reload the page.
  devServer: { static: __dirname },
})
const server = new (DevServer.RspackDevServer ?? DevServer)({ ...compiler.options.devServer, host: '127.0.0.1', port: ${port} }, compiler)
server.start().then(() => console.log('serving'))
process.on('SIGTERM', () => server.stop().then(() => process.exit(0)))
`
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}

async function serve(dir: string): Promise<{ child: ChildProcess, output: () => string }> {
  const child = spawn(process.execPath, ['serve.cjs'], { cwd: dir, env: childRunnerEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the dev server did not start:\n${output}`)), 60_000)
    child.stdout!.on('data', () => output.includes('serving') && (clearTimeout(timer), resolve()))
    child.once('exit', code => (clearTimeout(timer), reject(new Error(`the dev server exited (${code}):\n${output}`))))
  })
  return { child, output: () => output }
}

// A webpack or rspack user adds execscope() and runs their dev server: the page's records land in
// .execscope/trace.duckdb, as under Vite's, with the development defaults (values, probes).
describe.each(['webpack', 'rspack'] as const)('%s serve + chromium → DuckDB', (bundler) => {
  it('records the app through the dev server\'s collector, named and placed in the sources, and closes the file when the server stops', async () => {
    const dir = join(WORK, `${bundler}-serve-app`)
    writeProject(dir, APP)
    const port = await freePort()
    writeFileSync(join(dir, 'serve.cjs'), serveScript(bundler, port))
    const url = `http://127.0.0.1:${port}/`
    const server = await serve(dir)
    const browser = await launchChromium()
    const errors: string[] = []
    try {
      const page = await browser.newPage()
      page.on('pageerror', error => errors.push(error.message))
      await page.goto(url)
      for (let i = 0; i < 3; i++) await page.click('#add')
      expect(await page.textContent('#status')).toBe('No pears')
      // The runtime ships on its flush timer; the collector answers queries while it holds the file.
      await waitForCount(url, `select count(*) from calls c join sites s using (site_id) where s.name = 'onAdd'`, 3)
      await page.close()
    }
    finally {
      await browser.close()
      server.child.kill('SIGTERM')
      await new Promise(resolve => server.child.once('exit', resolve))
    }
    expect(errors).toEqual([])
    // The file is closed: opened here directly.
    const file = join(dir, '.execscope', 'trace.duckdb')
    expect(await queryTrace(file, `
      select s.name, s.file, s.line, count(*) as calls, count(*) filter (where c.status = 'throw') as throws
      from calls c join sites s using (site_id) where s.name in ('onAdd', 'render', 'Cart.add', 'validQty') group by all order by s.file, s.line`)).toEqual([
      { name: 'Cart.add', file: 'src/cart.js', line: 3, calls: 3, throws: 1 },
      { name: 'validQty', file: 'src/cart.js', line: 9, calls: 2, throws: 0 },
      { name: 'onAdd', file: 'src/index.js', line: 4, calls: 3, throws: 0 },
      { name: 'render', file: 'src/index.js', line: 10, calls: 3, throws: 0 },
    ])
    // One page load: the dev server did not reload the page as the trace file changed.
    expect(await queryTrace(file, 'select count(*) as sessions from sessions')).toEqual([{ sessions: 1 }])
    // Development defaults: values are recorded, and the probes trace a click handler to the click.
    expect(await queryTrace(file, `
      select v.role::varchar as role, v.preview::varchar as preview from values v join sites s using (site_id)
      where s.name = 'Cart.add' order by v.ts limit 2`)).toEqual([
      { role: 'arguments', preview: '{"name":"apple","qty":1}' },
      { role: 'returned', preview: '1' },
    ])
    expect(await queryTrace(file, `select o.kind::varchar as kind, count(*) as calls from call_origins o join calls c using (call_id) join sites s using (site_id) where s.name = 'onAdd' group by all`)).toEqual([
      { kind: 'event', calls: 3 },
    ])
  }, 180_000)
})
