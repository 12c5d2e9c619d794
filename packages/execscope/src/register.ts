/*
 * `node --import execscope/register app.js` (or NODE_OPTIONS="--import execscope/register" for a
 * test runner such as mocha or node --test): records a Node program that no bundler builds. The
 * app's own modules under the working directory are instrumented as they load (ES modules through
 * Node's module hooks, CommonJS through a require hook); this thread, and each worker thread, gets
 * the Node runtime. Records go to EXECSCOPE_ENDPOINT when set (a collector, `execscope serve`),
 * else to batch files in .execscope/batches/ for `execscope ingest`; function names go to
 * .execscope/sites/.
 */
import { createRequire, register } from 'node:module'
import { pathToFileURL } from 'node:url'
import type { InstrumentKit } from './instrument-kit.ts'
import { createModuleInstrumenter, NEEDS_INSTRUMENTER, REGISTER_TYPESCRIPT_HINT, withInlineMap } from './module-instrumenter.ts'
import { installRealmRuntime, realmPaths } from './realm-runtime.ts'

const paths = realmPaths()
installRealmRuntime(paths.root)

const warn = (message: string): void => void process.stderr.write(`${message}\n`)
// CommonJS loads synchronously, so on the first module the cache does not have, the instrumenter
// is loaded synchronously too (require of an ES module, Node ≥ 20.19); an app that only has ES
// modules, or is served from the cache, never loads it on this thread.
const requireHere = createRequire(import.meta.url)
// Required, not imported: an ES import of this CommonJS package costs every process 3–5 ms more
// (Node scans its source for the names it exports).
const { addHook } = requireHere('pirates') as typeof import('pirates')
let kit: InstrumentKit | undefined
const instrumentModule = createModuleInstrumenter(paths, warn, () => (kit ??= (requireHere('./instrument-kit.js') as { kit: InstrumentKit }).kit), REGISTER_TYPESCRIPT_HINT)

// CommonJS: every require of a module under the root, on this thread.
addHook((code, filename) => {
  try {
    const result = instrumentModule({ source: code, url: pathToFileURL(filename).href, sourceType: 'script' })
    return result && result !== NEEDS_INSTRUMENTER ? withInlineMap(result) : code
  }
  catch {
    return code
  }
  // TypeScript and JSX too: a loader registered before this one (tsx, ts-node) compiles them, and
  // this hook sees what it compiled.
}, { exts: ['.js', '.cjs', '.ts', '.cts', '.tsx', '.jsx'], ignoreNodeModules: true })

// ES modules: through Node's module hooks. A worker thread runs this preload too and registers its
// own, so its modules are recorded as well (under its own thread id).
register('./register-hooks.js', { parentURL: import.meta.url, data: paths })
