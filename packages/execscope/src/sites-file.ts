import type { SiteRow } from '@execscope/core'
import type { Logger } from './logger.ts'
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { ExecscopeError } from '@execscope/core'

/** One module version's manifest, as `Store.upsertSites` takes it. */
export interface ModuleSites {
  moduleHash: string
  sites: SiteRow[]
}

/**
 * The site manifest of builds, `sites.json` beside the trace file: the names and places of every
 * instrumented function, per module (by path relative to the root). Builds for several targets
 * (client, SSR) merge into one file; a module's newest build wins where two name the same site.
 */
interface SitesFile {
  version: 1
  modules: Record<string, ModuleSites>
}

const EMPTY: SitesFile = { version: 1, modules: {} }

/**
 * Reads a sites file; a missing file is an empty manifest. Throws `ExecscopeError` naming the file
 * when it is not one.
 */
export function readSitesFile(path: string): SitesFile {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  }
  catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, modules: {} }
    throw error
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  }
  catch (error) {
    throw new ExecscopeError('ES_TRACE_FILE', `${path} is not valid JSON (${(error as Error).message}). Delete it and build again to rewrite it.`)
  }
  const file = parsed as Partial<SitesFile> | null
  if (!file || file.version !== 1 || typeof file.modules !== 'object' || file.modules === null)
    throw new ExecscopeError('ES_TRACE_FILE', `${path} is not an execscope site manifest (version 1). Delete it and build again to rewrite it.`)
  return file as SitesFile
}

/** `latest` with the rows of `earlier` whose site ids it does not have. */
function mergeModuleSites(earlier: ModuleSites | undefined, latest: ModuleSites): ModuleSites {
  if (earlier === undefined || !Array.isArray(earlier.sites)) return latest
  const ids = new Set(latest.sites.map(row => row.siteId))
  const kept = earlier.sites.filter(row => !ids.has(row.siteId))
  return kept.length === 0 ? latest : { moduleHash: latest.moduleHash, sites: [...latest.sites, ...kept] }
}

/** Collects the manifests of one build and merges them into the sites file at its end. */
export function createSitesFileWriter(pathOf: () => string): { add: (rows: SiteRow[], moduleHash: string) => void, write: (logger: Logger) => void, handOver: (sink: (rows: SiteRow[], moduleHash: string) => void) => void } {
  let pending = new Map<string, ModuleSites>()
  return {
    add(rows, moduleHash) {
      if (rows.length > 0) pending.set(rows[0]!.file, { moduleHash, sites: rows })
    },
    /** Gives what was collected so far to `sink` instead of the file (a dev server's store took over). */
    handOver(sink) {
      for (const { moduleHash, sites } of pending.values()) sink(sites, moduleHash)
      pending = new Map()
    },
    write(logger) {
      if (pending.size === 0) return
      const path = pathOf()
      try {
        let current: SitesFile
        try {
          current = readSitesFile(path)
        }
        catch {
          // A damaged manifest is replaced: everything in it comes from builds and is rebuilt.
          current = EMPTY
        }
        // A module's newest rows win, and the rows of its earlier versions and levels that they do
        // not replace stay: traces recorded with those still name their sites by them (the state
        // sites of a `full` dev server, say, which a `calls` build does not have).
        const modules = { ...current.modules }
        for (const [file, latest] of pending) modules[file] = mergeModuleSites(current.modules[file], latest)
        mkdirSync(dirname(path), { recursive: true })
        // Written aside and renamed, so a reader never sees half a file.
        const temporary = `${path}.${process.pid}.tmp`
        writeFileSync(temporary, `${JSON.stringify({ version: 1, modules } satisfies SitesFile)}\n`)
        renameSync(temporary, path)
        pending = new Map()
      }
      catch (error) {
        logger.warn(`[execscope] Could not write the site manifest ${path}: ${(error as Error).message} Traces of this build will show site ids without names.`)
      }
    },
  }
}

/**
 * Every site manifest beside a trace file: the builds' `sites.json` and the per-module files that
 * `--import execscope/register` writes into `sites/`. Damaged per-module files are skipped (named
 * in `damaged`), since one bad file must not keep the others out.
 */
export function readSiteManifests(sitesFile: string, sitesDir: string): { modules: ModuleSites[], damaged: string[] } {
  const modules = Object.values(readSitesFile(sitesFile).modules)
  const damaged: string[] = []
  let names: string[] = []
  try {
    names = readdirSync(sitesDir).filter(name => name.endsWith('.json') && !name.startsWith('.'))
  }
  catch {}
  for (const name of names.sort()) {
    try {
      modules.push(...Object.values(readSitesFile(join(sitesDir, name)).modules))
    }
    catch {
      damaged.push(join(sitesDir, name))
    }
  }
  return { modules, damaged }
}


/**
 * Where a collector or `execscope ingest` finds function names, from `--sites`: a build's
 * `sites.json`; the `sites/` directory of per-module manifests that `--import execscope/register`
 * writes (with the `sites.json` beside it, if any); or the app's `.execscope/` directory holding
 * either. Without the flag, both sit beside the trace file. Throws `ExecscopeError` when the flag
 * names nothing.
 */
export function siteManifestPaths(traceFile: string, flag: string | undefined, sitesFileName: string, sitesDirName: string): { sitesFile: string, sitesDir: string } {
  const besideTrace = { sitesFile: resolve(dirname(traceFile), sitesFileName), sitesDir: resolve(dirname(traceFile), sitesDirName) }
  if (flag === undefined || flag === '') return besideTrace
  const path = resolve(flag)
  let isDirectory: boolean
  try {
    isDirectory = statSync(path).isDirectory()
  }
  catch {
    throw new ExecscopeError('ES_BAD_OPTION', `--sites: there is no file or directory ${flag}. Give the sites.json a build left in its .execscope/ directory (e.g. --sites path/to/app/.execscope/sites.json), or the .execscope/ directory of a program run with --import execscope/register (e.g. --sites path/to/app/.execscope).`)
  }
  if (!isDirectory) return { sitesFile: path, sitesDir: besideTrace.sitesDir }
  const exists = (entry: string): boolean => statSync(join(path, entry), { throwIfNoEntry: false }) !== undefined
  // The app's .execscope/ directory, or the directory of per-module manifests itself.
  const isAppDir = exists(sitesDirName) || exists(sitesFileName)
  return isAppDir
    ? { sitesFile: join(path, sitesFileName), sitesDir: join(path, sitesDirName) }
    : { sitesFile: join(dirname(path), sitesFileName), sitesDir: path }
}
