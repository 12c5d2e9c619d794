import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { devServerApp, expectDevServerAppTrace, freePort, recordThreeClicks, writeProject } from '#test-utils'
import { describe, expect, it } from 'vitest'

// Under test/, so the app resolves webpack, rspack, their dev servers and execscope from test/node_modules.
const WORK = fileURLToPath(new URL('../.tmp', import.meta.url))

// What `webpack serve` (webpack-cli) and `rspack serve` / `rspack dev` (@rspack/cli) do before
// the config is read: webpack-cli sets WEBPACK_SERVE; @rspack/cli sets none, it imports
// @rspack/dev-server (which sets RSPACK_SERVE). Then the dev server is given the config's
// `devServer`. Stops the server on SIGTERM.
function serveScript(bundler: 'webpack' | 'rspack', port: number): string {
  const [core, factory, devServer] = bundler === 'webpack'
    ? ['webpack', 'webpack', 'webpack-dev-server']
    : ['@rspack/core', 'rspack', '@rspack/dev-server']
  return `${bundler === 'webpack' ? 'process.env.WEBPACK_SERVE = \'true\'\n' : ''}const { join } = require('node:path')
const DevServer = require('${devServer}')
const core = require('${core}')
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
// How many times it compiled, written when it stops.
let compiles = 0
compiler.hooks.done.tap('count', () => void compiles++)
const server = new (DevServer.RspackDevServer ?? DevServer)({ ...compiler.options.devServer, host: '127.0.0.1', port: ${port} }, compiler)
server.start().then(() => console.log('serving'))
process.on('SIGTERM', () => server.stop().then(() => {
  require('node:fs').writeFileSync(join(__dirname, 'compiles.txt'), String(compiles))
  process.exit(0)
}))
`
}

// A webpack or rspack user adds execscope() and runs their dev server: the page's records land in
// .execscope/trace.duckdb, as under Vite's, with the development defaults (values, probes).
describe.each(['webpack', 'rspack'] as const)('%s serve + chromium → DuckDB', (bundler) => {
  it('records the app through the dev server\'s collector, named and placed in the sources, and closes the file when the server stops', async () => {
    const dir = join(WORK, `${bundler}-serve-app`)
    writeProject(dir, devServerApp())
    const port = await freePort()
    writeFileSync(join(dir, 'serve.cjs'), serveScript(bundler, port))
    await recordThreeClicks(dir, 'serve.cjs', `http://127.0.0.1:${port}/`)
    await expectDevServerAppTrace(join(dir, '.execscope', 'trace.duckdb'))
    // Once: nothing execscope writes makes the watcher compile again (webpack took unplugin's
    // virtual runtime module for a removed file and compiled twice).
    expect(readFileSync(join(dir, 'compiles.txt'), 'utf8')).toBe('1')
  }, 180_000)
})
