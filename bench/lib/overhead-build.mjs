// Builds the three variants of a workload for overhead.bench.mjs: the esbuild bundle as is, the
// bundle instrumented by istanbul, and the bundle instrumented by execscope (importing the runtime
// module overhead-runtime.mjs by absolute URL).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { instrument } from '@execscope/instrument'
import { build } from 'esbuild'
import libInstrument from 'istanbul-lib-instrument'

const benchDir = fileURLToPath(new URL('..', import.meta.url))
export const RUNTIME_MODULE_URL = pathToFileURL(join(benchDir, 'lib', 'overhead-runtime.mjs')).href
const FULL_RUNTIME_MODULE_URL = pathToFileURL(join(benchDir, 'lib', 'overhead-runtime-full.mjs')).href
const NOOP_RUNTIME_MODULE_URL = pathToFileURL(join(benchDir, 'lib', 'overhead-noop-runtime.mjs')).href

/**
 * Bundles `workloads/<name>.mjs` and writes `<name>.{bare,istanbul,execscope,shape,full,count}.mjs`
 * into `outDir` (shape: the execscope-instrumented bundle with a runtime that records nothing;
 * count: every function at level `count`).
 */
export async function buildVariants(name, outDir) {
  const result = await build({
    entryPoints: [join(benchDir, 'workloads', `${name}.mjs`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  })
  const bare = result.outputFiles[0].text
  const files = { bare: join(outDir, `${name}.bare.mjs`), istanbul: join(outDir, `${name}.istanbul.mjs`), execscope: join(outDir, `${name}.execscope.mjs`), shape: join(outDir, `${name}.shape.mjs`), full: join(outDir, `${name}.full.mjs`), count: join(outDir, `${name}.count.mjs`) }
  writeFileSync(files.bare, bare)

  const t0 = performance.now()
  const istanbul = libInstrument.createInstrumenter({ esModules: true, compact: true }).instrumentSync(bare, files.istanbul)
  const istanbulMs = performance.now() - t0
  writeFileSync(files.istanbul, istanbul)

  const t1 = performance.now()
  const warnings = []
  const out = instrument(bare, `${name}.bundle.mjs`, undefined, { runtimeSpecifier: RUNTIME_MODULE_URL, onWarning: w => warnings.push(w) })
  const execscopeMs = performance.now() - t1
  if (!out) throw new Error(`execscope left ${name} uninstrumented: ${warnings.join('; ')}`)
  writeFileSync(files.execscope, out.code)
  const header = `from${JSON.stringify(RUNTIME_MODULE_URL)}`
  if (!out.code.includes(header)) throw new Error(`${name}: the runtime import is not where expected`)
  writeFileSync(files.shape, out.code.replace(header, `from${JSON.stringify(NOOP_RUNTIME_MODULE_URL)}`))
  // Level `full`: what the dev server, Vitest and register record (arguments, return values, state).
  const full = instrument(bare, `${name}.bundle.mjs`, { levelFor: () => 'full' }, { runtimeSpecifier: FULL_RUNTIME_MODULE_URL })
  if (!full) throw new Error(`execscope left ${name} uninstrumented at level full`)
  writeFileSync(files.full, full.code)
  // Level `count` (record: 'count'): only how many times each function ran.
  const count = instrument(bare, `${name}.bundle.mjs`, { levelFor: () => 'count' }, { runtimeSpecifier: RUNTIME_MODULE_URL })
  if (!count) throw new Error(`execscope left ${name} uninstrumented at level count`)
  writeFileSync(files.count, count.code)
  return { files, sites: out.sites.length, istanbulMs, execscopeMs }
}
