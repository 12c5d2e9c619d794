import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { expect } from 'vitest'
import { launchChromium } from './chromium.ts'
import { waitForCount } from './collector.ts'
import { callsPerSite, queryTrace } from './duckdb.ts'
import { childRunnerEnv } from './node-app.ts'

/**
 * A small app for the dev-server tests (webpack, rspack, Rsbuild): a cart whose `add` throws on
 * the second click, rendered by a click handler. `index.html` loads `/main.js` unless told not to
 * (Rsbuild injects its own scripts).
 */
export function devServerApp(options: { scriptTag?: boolean } = {}): Record<string, string> {
  return {
    'package.json': '{ "name": "serve-app", "private": true }\n',
    'index.html': `<!doctype html><button id="add">Add</button><ul id="list"></ul><p id="status"></p>${options.scriptTag === false ? '' : '<script src="/main.js"></script>'}\n`,
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
}

/** The calls three clicks on the app's button record, in one page load, read from the closed trace file. */
export async function expectDevServerAppCalls(file: string): Promise<void> {
  expect(await callsPerSite(file, `s.name in ('onAdd', 'render', 'Cart.add', 'validQty')`)).toEqual([
    { name: 'Cart.add', file: 'src/cart.js', line: 3, calls: 3, throws: 1 },
    { name: 'validQty', file: 'src/cart.js', line: 9, calls: 2, throws: 0 },
    { name: 'onAdd', file: 'src/index.js', line: 4, calls: 3, throws: 0 },
    { name: 'render', file: 'src/index.js', line: 10, calls: 3, throws: 0 },
  ])
  // One page load: the server did not reload the page as the trace file changed.
  expect(await queryTrace(file, 'select count(*) as sessions from sessions')).toEqual([{ sessions: 1 }])
}

/** What three clicks record under a dev server: the calls, and what the development defaults add. */
export async function expectDevServerAppTrace(file: string): Promise<void> {
  await expectDevServerAppCalls(file)
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
}

/** A port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}

/** Runs `node <script>` in `dir` until it prints `serving`; the script stops its server on SIGTERM. */
async function startDevServerScript(dir: string, script: string): Promise<{ child: ChildProcess, output: () => string, stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [script], { cwd: dir, env: childRunnerEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the dev server did not start:\n${output}`)), 60_000)
    child.stdout!.on('data', () => output.includes('serving') && (clearTimeout(timer), resolve()))
    child.once('exit', code => (clearTimeout(timer), reject(new Error(`the dev server exited (${code}):\n${output}`))))
  })
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return
    child.kill('SIGTERM')
    await new Promise(resolve => child.once('exit', resolve))
  }
  return { child, output: () => output, stop }
}

/**
 * Starts the dev server script in `dir`, opens `url` in Chromium and clicks the app's button three
 * times; waits (through the collector, which answers queries while it holds the file) until the
 * three clicks are recorded, then stops the server, which closes the trace file.
 */
export async function recordThreeClicks(dir: string, script: string, url: string): Promise<void> {
  const server = await startDevServerScript(dir, script)
  const browser = await launchChromium()
  const errors: string[] = []
  try {
    const page = await browser.newPage()
    page.on('pageerror', error => errors.push(error.message))
    await page.goto(url)
    for (let i = 0; i < 3; i++) await page.click('#add')
    expect(await page.textContent('#status')).toBe('No pears')
    // The runtime ships on its flush timer.
    await waitForCount(url, `select count(*) from calls c join sites s using (site_id) where s.name = 'onAdd'`, 3)
    await page.close()
  }
  finally {
    await browser.close()
    await server.stop()
  }
  expect(errors).toEqual([])
}
