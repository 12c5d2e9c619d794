import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { run, writeProject } from '#test-utils'
import { describe, expect, it } from 'vitest'

// Under test/, so the builds resolve webpack, rspack and execscope from test/node_modules.
const WORK = fileURLToPath(new URL('../.tmp', import.meta.url))

// Lines 1-3 are declarations a compiler removes: its output starts three lines higher.
const SOURCE = [
  'interface Item { name: string, qty: number }',
  'type Qty = number',
  '',
  'export function total(items: Item[]): Qty {',
  '  return items.reduce(',
  '    (sum: number, item: Item) => sum + item.qty,',
  '    0,',
  '  )',
  '}',
  'console.log(total([{ name: \'tea\', qty: 2 }]))',
  '',
].join('\n')

// A stand-in for babel-loader: it removes `interface` and `type` lines and the annotations, and,
// as loaders do, makes a source map only when webpack asks for one (`this.sourceMap`).
const STRIP_TYPES_LOADER = `const VLQ = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const vlq = n => { let v = n < 0 ? (-n << 1) | 1 : n << 1, out = ''; do { let d = v & 31; v >>>= 5; if (v) d |= 32; out += VLQ[d] } while (v); return out }
module.exports = function (source) {
  const kept = source.split('\\n').map((text, line) => ({ text, line })).filter(({ text }) => !/^(?:interface|type) /.test(text))
  const code = kept.map(({ text }) => text.replace(/: (?:Item\\[\\]|Item|Qty|number)/g, '')).join('\\n')
  if (!this.sourceMap) return code
  let previous = 0
  const mappings = kept.map(({ line }) => { const segment = 'AA' + vlq(line - previous) + 'A'; previous = line; return segment }).join(';')
  this.callback(null, code, { version: 3, sources: [this.resourcePath], sourcesContent: [source], names: [], mappings })
}
`

const BUILD = `import { join } from 'node:path'
const dir = process.cwd()
const devtool = process.argv[3] === undefined ? {} : { devtool: process.argv[3] }
const common = { mode: 'production', ...devtool, context: dir, entry: './src/main.ts', output: { path: join(dir, 'dist'), filename: 'main.js' }, resolve: { extensions: ['.ts', '.js'] } }
let compiler
if (process.argv[2] === 'webpack') {
  const { default: webpack } = await import('webpack')
  const { default: execscope } = await import('execscope/webpack')
  compiler = webpack({ ...common, module: { rules: [{ test: /\\.ts$/, loader: join(dir, 'strip-types-loader.cjs') }] }, plugins: [execscope()] })
}
else {
  const { rspack } = await import('@rspack/core')
  const { default: execscope } = await import('execscope/rspack')
  compiler = rspack({ ...common, module: { rules: [{ test: /\\.ts$/, loader: 'builtin:swc-loader', options: { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } } }] }, plugins: [execscope()] })
}
compiler.run((error, stats) => {
  if (error || stats.hasErrors()) {
    console.error(error ?? stats.toString())
    process.exitCode = 1
  }
  compiler.close(() => {})
})
`

// A production build leaves `devtool` unset (false), so webpack and rspack tell loaders to make no
// source map; under a `cheap` devtool (`rspack dev`'s default) rspack's loaders make maps without
// columns. The plugin must still find each function's place in the TypeScript source.
describe.each([
  ['webpack', undefined],
  ['rspack', undefined],
  ['rspack', 'cheap-module-source-map'],
])('a %s production build with devtool %s', (bundler, devtool) => {
  it('places and names functions in the source, through the loader\'s map', async () => {
    const dir = join(WORK, `loader-maps-${bundler}-${devtool ?? 'none'}`)
    writeProject(dir, { 'package.json': '{ "name": "loader-maps", "private": true, "type": "module" }\n', 'src/main.ts': SOURCE, 'build.mjs': BUILD })
    writeFileSync(join(dir, 'strip-types-loader.cjs'), STRIP_TYPES_LOADER)
    await run(process.execPath, ['build.mjs', bundler, ...(devtool === undefined ? [] : [devtool])], { cwd: dir, timeout: 120_000 })

    const sites = JSON.parse(readFileSync(join(dir, '.execscope', 'sites.json'), 'utf8')) as { modules: Record<string, { sites: Array<{ name: string, line: number, column: number }> }> }
    expect(sites.modules['src/main.ts']!.sites.map(({ name, line, column }) => ({ name, line, column }))).toEqual([
      { name: 'total', line: 4, column: 8 },
      { name: 'total.<arrow@6:5>', line: 6, column: 5 },
    ])
    const maps = readdirSync(join(dir, 'dist')).filter(file => file.endsWith('.map'))
    const bundle = readFileSync(join(dir, 'dist', 'main.js'), 'utf8')
    if (devtool === undefined) {
      // What devtool: false builds: no map beside the bundle, none referenced from it.
      expect(maps).toEqual([])
      expect(bundle).not.toContain('sourceMappingURL')
    }
    else {
      expect(maps).toEqual(['main.js.map'])
    }
  }, 180_000)
})
