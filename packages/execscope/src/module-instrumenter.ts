import { createHash } from 'node:crypto'
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { instrument } from '@execscope/instrument'
import { createDefaultPlan } from '@execscope/planner'
import { createModuleFilter, relativeId } from './module-filter.ts'
import { runtimeDirOf, nodeRuntimePath } from './runtime-module.ts'

/** Where a process run with `--import execscope/register` keeps its records and site manifests. */
export interface RegisterPaths {
  /** The project root: modules outside it (and in node_modules) are not instrumented. */
  root: string
  /** Directory of per-module site manifests (`sites/` beside the trace file), read by `ingest` and `serve`. */
  sitesDir: string
}

/**
 * Instruments modules as Node loads them (the register hooks): the app's own JavaScript under the
 * root, outside node_modules. Each module version's manifest goes to its own file in `sitesDir`,
 * named by content, so processes running in parallel never write the same file differently.
 * Returns the new source with an inline source map, or undefined to leave the module as it is.
 */
export function createModuleInstrumenter(paths: RegisterPaths, warn: (message: string) => void): (source: string, url: string, sourceType: 'module' | 'script') => string | undefined {
  const filter = createModuleFilter({ root: paths.root, include: undefined, exclude: [], runtimeDir: runtimeDirOf(nodeRuntimePath()) })
  const plan = createDefaultPlan()
  const warned = new Set<string>()
  let madeDir = false
  return (source, url, sourceType) => {
    if (!url.startsWith('file:')) return undefined
    const path = fileURLToPath(url)
    if (!filter(path)) return undefined
    const file = relativeId(paths.root, path)
    const result = instrument(source, file, plan, {
      sourceType,
      onWarning: (message) => {
        if (warned.has(message)) return
        warned.add(message)
        warn(message)
      },
    })
    if (!result) return undefined
    try {
      const moduleHash = createHash('sha1').update(source).digest('hex').slice(0, 16)
      const name = `${moduleHash}-${createHash('sha1').update(file).digest('hex').slice(0, 8)}.json`
      if (!madeDir) {
        mkdirSync(paths.sitesDir, { recursive: true })
        madeDir = true
      }
      // Written aside and renamed, so a reader never sees half a file.
      const temporary = join(paths.sitesDir, `.${name}.${process.pid}.tmp`)
      writeFileSync(temporary, JSON.stringify({ version: 1, modules: { [file]: { moduleHash, sites: result.sites } } }))
      renameSync(temporary, join(paths.sitesDir, name))
    }
    catch (error) {
      warn(`[execscope] Could not write the site manifest of ${file}: ${(error as Error).message} Its functions will show as site ids.`)
    }
    return `${result.code}\n//# sourceMappingURL=${result.map.toUrl()}\n`
  }
}
