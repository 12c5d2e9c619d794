// Size of the production runtime: what the bundler plugin puts into a browser app (`dist/browser.js`
// and the chunks it imports), bundled and minified by esbuild, then gzipped at level 9, against the
// 4 KB target. The Node entry is reported for reference (it is not shipped to browsers), and the
// probes entry on its own row: a separate module the plugin adds next to the runtime, outside its budget.
import { createRequire } from 'node:module'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const require = createRequire(import.meta.url)
const TARGET = 4096

async function measure(entry, platform, name = 'install') {
  const result = await build({
    stdin: { contents: `export { ${name} } from ${JSON.stringify(entry)}`, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    write: false,
    logLevel: 'silent',
    external: ['node:*'],
  })
  const code = result.outputFiles[0].contents
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength }
}

const browser = await measure(require.resolve('@execscope/runtime/browser'), 'browser')
const node = await measure(require.resolve('@execscope/runtime/node'), 'node')
const probes = await measure(require.resolve('@execscope/runtime/probes'), 'browser', 'installProbes')
const state = await measure(require.resolve('@execscope/runtime/state'), 'browser', 'installState')
const values = await measure(require.resolve('@execscope/runtime/values'), 'browser', 'installValues')
const hotCalls = await measure(require.resolve('@execscope/runtime/hot-calls'), 'browser', 'countHotCalls')
const browserStats = await measure(require.resolve('@execscope/runtime/browser-stats'), 'browser', 'reportStats')
const kb = n => `${(n / 1024).toFixed(2)} KB`
process.stdout.write(`${[
  '## Size of the production runtime (min + gzip)',
  '',
  '`install` (`installProbes` for the probes, `installState` and `installValues` for the state and value recorders) from the built entry, bundled and minified by esbuild (ESM), gzip level 9. The browser entry is what the plugin ships to a page; it must not contain Node-only or value-preview code. The probes and the value and state recorders (with value previews) are modules of their own, so they add nothing to it.',
  '',
  '| entry | minified | min + gzip | bytes (min + gzip) | × 4 KB target |',
  '|---|---:|---:|---:|---:|',
  `| \`@execscope/runtime/browser\` | ${kb(browser.min)} | ${kb(browser.gzip)} | ${browser.gzip} | ${(browser.gzip / TARGET).toFixed(3)} |`,
  `| \`@execscope/runtime/node\` (reference, not shipped to browsers) | ${kb(node.min)} | ${kb(node.gzip)} | ${node.gzip} | ${(node.gzip / TARGET).toFixed(3)} |`,
  `| \`@execscope/runtime/probes\` (\`installProbes\`; a separate module, outside the runtime's budget) | ${kb(probes.min)} | ${kb(probes.gzip)} | ${probes.gzip} | ${(probes.gzip / TARGET).toFixed(3)} |`,
  `| \`@execscope/runtime/state\` (\`installState\`, previews included; a separate module, outside the runtime's budget) | ${kb(state.min)} | ${kb(state.gzip)} | ${state.gzip} | ${(state.gzip / TARGET).toFixed(3)} |`,
  `| \`@execscope/runtime/values\` (\`installValues\`, previews included; a separate module, outside the runtime's budget) | ${kb(values.min)} | ${kb(values.gzip)} | ${values.gzip} | ${(values.gzip / TARGET).toFixed(3)} |`,
  `| \`@execscope/runtime/browser-stats\` (\`reportStats\`, the browser's account of its own cost, where the probes are; a separate module, outside the runtime's budget) | ${kb(browserStats.min)} | ${kb(browserStats.gzip)} | ${browserStats.gzip} | ${(browserStats.gzip / TARGET).toFixed(3)} |`,
  `| \`@execscope/runtime/hot-calls\` (\`countHotCalls\`, the browser's hot-call counting under the dev server; a separate module, outside the runtime's budget) | ${kb(hotCalls.min)} | ${kb(hotCalls.gzip)} | ${hotCalls.gzip} | ${(hotCalls.gzip / TARGET).toFixed(3)} |`,
].join('\n')}\n`)
