// The inputs of instrument.bench.mjs: each workload's esbuild bundle (the same build the overhead
// bench and the real-libs test use) and one combined bundle of about 700 KB.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const workloadsDir = join(dirname(fileURLToPath(import.meta.url)), '../workloads')
export const WORKLOADS = ['acorn-parse', 'esprima-parse', 'markdown-render', 'lodash-collections', 'ramda-pipeline', 'dayjs-format', 'ajv-validate', 'handlebars-render']
const COMBINED = ['markdown-render', 'lodash-collections', 'ajv-validate']

async function bundle(options) {
  const result = await build({ bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'silent', ...options })
  return result.outputFiles[0].text
}

/** `[{ name, file, code }]`: one per workload, then the combined bundle. */
export async function instrumentInputs() {
  const inputs = []
  for (const workload of WORKLOADS) {
    inputs.push({ name: workload, file: `${workload}.bundle.mjs`, code: await bundle({ entryPoints: [join(workloadsDir, `${workload}.mjs`)] }) })
  }
  const contents = COMBINED.map(workload => `import './${workload}.mjs'`).join('\n')
  inputs.push({
    name: `${COMBINED.join(' + ')} (one bundle)`,
    file: 'combined.bundle.mjs',
    code: await bundle({ stdin: { contents, resolveDir: workloadsDir, sourcefile: 'combined.mjs', loader: 'js' } }),
  })
  return inputs
}
