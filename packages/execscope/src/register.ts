/*
 * `node --import execscope/register app.js` (or NODE_OPTIONS="--import execscope/register" for a
 * test runner such as mocha or node --test): records a Node program that no bundler builds. The
 * app's own modules under the working directory are instrumented as they load (ES modules through
 * Node's module hooks, CommonJS through a require hook); this thread, and each worker thread, gets
 * the Node runtime. Records go to EXECSCOPE_ENDPOINT when set (a collector, `execscope serve`),
 * else to batch files in .execscope/batches/ for `execscope ingest`; function names go to
 * .execscope/sites/.
 */
import { register } from 'node:module'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { isMainThread } from 'node:worker_threads'
import { resolveOptions } from '@execscope/core'
import { install } from '@execscope/runtime/node'
import type { RuntimeRing } from '@execscope/runtime/probes'
import { installProbes } from '@execscope/runtime/probes'
import { addHook } from 'pirates'
import type { RegisterPaths } from './module-instrumenter.ts'
import { createModuleInstrumenter } from './module-instrumenter.ts'
import { SITES_DIR_NAME } from './trace-paths.ts'

const root = process.cwd()
const traceDir = resolve(root, '.execscope')
const paths: RegisterPaths = { root, sitesDir: join(traceDir, SITES_DIR_NAME) }
const options = resolveOptions({})
const endpoint = process.env.EXECSCOPE_ENDPOINT
const batchDir = process.env.EXECSCOPE_BATCH_DIR ?? join(traceDir, 'batches')

const runtime = install({
  ...(endpoint ? { endpoint } : { file: join(batchDir, `${Date.now().toString(36)}-${process.pid}.batches`) }),
  ringCapacity: options.ringCapacity,
  flushIntervalMs: options.flushIntervalMs,
  timedCallsPerSite: options.timedCallsPerSite,
  sampleEvery: options.sampleEvery,
})
// After the runtime, so that its own timer and listeners are not probed.
const { recorder } = runtime as typeof runtime & { recorder?: { ring: RuntimeRing } }
if (recorder && process.env.EXECSCOPE_PROBES !== '0') installProbes(recorder.ring)

const warn = (message: string): void => void process.stderr.write(`${message}\n`)
const instrumentModule = createModuleInstrumenter(paths, warn)

// CommonJS: every require of a module under the root, on this thread.
addHook((code, filename) => {
  try {
    return instrumentModule(code, pathToFileURL(filename).href, 'script') ?? code
  }
  catch {
    return code
  }
  // TypeScript and JSX too: a loader registered before this one (tsx, ts-node) compiles them, and
  // this hook sees what it compiled.
}, { exts: ['.js', '.cjs', '.ts', '.cts', '.tsx', '.jsx'], ignoreNodeModules: true })

// ES modules: Node's hooks run on a loader thread shared by the process's threads.
if (isMainThread) register('./register-hooks.js', { parentURL: import.meta.url, data: paths })
