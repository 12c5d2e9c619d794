import type { InstrumentPlan, RecordLevel } from '@execscope/core'
import type { SourceMapSegment } from '@jridgewell/sourcemap-codec'
import type { EncodedSourceMap } from '@jridgewell/trace-mapping'
import type { InstrumentKit } from './instrument-kit.ts'
import { createHash } from 'node:crypto'
import { decode, encode } from '@jridgewell/sourcemap-codec'
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, isAbsolute, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createModuleFilter, relativeId } from './module-filter.ts'
import { runtimeDirOf, nodeRuntimePath } from './runtime-module.ts'
import { recordLevel } from './trace-paths.ts'
import { writeWhole } from './write-whole.ts'

const INLINE_MAP_RE = /\/\/[#@] sourceMappingURL=data:application\/json(?:;charset=[\w-]+)?;base64,([A-Za-z0-9+/=]+)\s*$/

/** The inline source map a previous compiler appended to the module (the last line), if any. */
export function inlineSourceMap(source: string): EncodedSourceMap | undefined {
  const match = INLINE_MAP_RE.exec(source.slice(-Math.min(source.length, 1 << 20)))
  if (!match) return undefined
  try {
    const map = JSON.parse(Buffer.from(match[1]!, 'base64').toString('utf8')) as EncodedSourceMap
    return typeof map.mappings === 'string' ? map : undefined
  }
  catch {
    return undefined
  }
}

// A map file beside the module (`//# sourceMappingURL=app.js.map`): a relative path or a file: URL.
const EXTERNAL_MAP_RE = /\/\/[#@] sourceMappingURL=((?![a-z][\w+.-]*:(?!\/\/\/))[^\s'"]+|file:\/\/\/[^\s'"]+)\s*$/i
/** Larger map files are left unread: a map that size belongs to a bundle of dependencies. */
const MAX_MAP_BYTES = 64 << 20

/**
 * The map file a compiler wrote beside the module (tsc, esbuild, Rollup with `sourcemap: true`):
 * its path and text, read for the cache's key; undefined when there is none or it cannot be read.
 */
function externalSourceMapFile(source: string, path: string): { mapPath: string, text: string } | undefined {
  const match = EXTERNAL_MAP_RE.exec(source.slice(-Math.min(source.length, 4096)))
  if (!match) return undefined
  try {
    const reference = decodeURI(match[1]!)
    const mapPath = reference.startsWith('file:') ? fileURLToPath(reference) : resolve(dirname(path), reference)
    if (statSync(mapPath).size > MAX_MAP_BYTES) return undefined
    return { mapPath, text: readFileSync(mapPath, 'utf8') }
  }
  catch {
    return undefined
  }
}

/**
 * A map file's map, parsed only when the module is instrumented (not served from the cache), with
 * its sources made absolute (against `sourceRoot` and the map's own directory), so that a site
 * finds the file it came from; undefined when it is not a source map.
 */
function parseMapFile({ mapPath, text }: { mapPath: string, text: string }): EncodedSourceMap | undefined {
  try {
    const map = JSON.parse(text) as EncodedSourceMap
    if (typeof map.mappings !== 'string' || !Array.isArray(map.sources)) return undefined
    const base = resolve(dirname(mapPath), map.sourceRoot ?? '')
    const sources = map.sources.map(s => (s == null ? s : s.startsWith('file:') ? fileURLToPath(s) : isAbsolute(s) ? s : resolve(base, s)))
    return { ...map, sourceRoot: undefined, sources }
  }
  catch {
    return undefined
  }
}

/** Where a process run with `--import execscope/register` keeps its records and site manifests. */
export interface RegisterPaths {
  /** The project root: modules outside it (and in node_modules) are not instrumented. */
  root: string
  /** Directory of per-module site manifests (`sites/` beside the trace file), read by `ingest` and `serve`. */
  sitesDir: string
  /**
   * Directory of instrumented modules by content, so the processes a test suite spawns do not
   * parse the same modules again. None: no cache.
   */
  cacheDir?: string
}

/**
 * This process writes V8 coverage for a tool that reads it back through source maps (c8). Not
 * under Node's test runner (NODE_TEST_CONTEXT), which also sets NODE_V8_COVERAGE: Node 20 reports
 * its coverage by the lines of the code as it ran, which lines of our own would shift.
 */
function isWritingV8Coverage(): boolean {
  return (process.env.NODE_V8_COVERAGE ?? '') !== '' && process.env.NODE_TEST_CONTEXT === undefined
}

let instrumenterHash: string | undefined

/**
 * A hash of what the instrumented output depends on besides the module: the instrumenter's and
 * the planner's code, this module's, and the kit's entry (built output only: it names the chunks
 * it loads, the source-map code among them, by their content hashes). Part of every cache key of
 * instrumented output (ours and Jest's), so a new version never serves an old one's.
 */
export function instrumenterVersion(): string {
  return instrumenterHash ??= hashInstrumenter()
}

function hashInstrumenter(): string {
  try {
    const require = createRequire(import.meta.url)
    const hash = createHash('sha1')
    for (const file of [require.resolve('@execscope/instrument'), require.resolve('@execscope/planner'), fileURLToPath(import.meta.url)]) hash.update(readFileSync(file))
    const kitEntry = fileURLToPath(new URL('./instrument-kit.js', import.meta.url))
    if (existsSync(kitEntry)) hash.update(readFileSync(kitEntry))
    return hash.digest('hex')
  }
  catch {
    return String(Date.now())
  }
}

/** One module to instrument as it loads. */
export interface LoadingModule {
  /** The module's JavaScript, as the loaders before us left it. */
  source: string
  /** Its file URL. */
  url: string
  sourceType: 'module' | 'script'
  /**
   * The map from `source` back to the file, when a compiler ran before us and says so (Jest's
   * babel-jest); otherwise an inline map at the end of `source` is used (tsx, ts-node).
   */
  upstream?: EncodedSourceMap
  /** Names this module version's manifest file; by default a hash of `source`. */
  versionKey?: string
  /**
   * Put what instrumenting adds on lines of its own, which map to no source (instrument's
   * `ownLines`): under V8 coverage, which counts the code that runs and maps it back by line.
   * By default, when this process writes V8 coverage for c8 (`NODE_V8_COVERAGE`).
   */
  ownLines?: boolean
  /** CommonJS in a vm context (Jest): the header also finds the process's runtime (instrument's `realmRuntime`). */
  realmRuntime?: boolean
}

/**
 * The manifest file of one module version at one record level: content-addressed, so parallel
 * processes agree. The level is part of it because the manifests differ (state sites exist only at
 * `full`): a run at `calls` must not replace the names a `full` run's records still need.
 */
export function siteFileName(versionKey: string, file: string, level: RecordLevel): string {
  const hash = (text: string, length: number): string => createHash('sha1').update(text).digest('hex').slice(0, length)
  return `${hash(`${level}\0${versionKey}`, 16)}-${hash(file, 8)}.json`
}

/**
 * Instruments modules as Node (or Jest) loads them: the app's own JavaScript under the root,
 * outside node_modules. Each module version's manifest goes to its own file in `sitesDir`. Returns
 * the new code and its map (leading to the original file), or undefined to leave the module as
 * it is.
 */
/** What a module that still contains TypeScript or JSX under `--import execscope/register` needs. */
export const REGISTER_TYPESCRIPT_HINT = 'run it behind a loader that compiles it first, imported before execscope: node --import tsx --import execscope/register.'

/** The same under execscope/jest. */
export const JEST_TYPESCRIPT_HINT = `name the transformer that compiles it in execscope/jest's options: transform: { '\\.[jt]sx?$': ['execscope/jest', { transformer: 'ts-jest' }] }.`

/** Returned instead of a result when the module is not in the cache and `instrument` is not loaded yet. */
export const NEEDS_INSTRUMENTER: unique symbol = Symbol('needs the instrumenter')

/**
 * `getKit` gives the instrumenter and what goes with it (instrument-kit.ts), or undefined while it
 * is not loaded: it is loaded only on the first cache miss (a run served from the cache never
 * parses, so it need not load acorn, the planner or the source-map libraries at all), and Node's
 * hooks thread, which loads it asynchronously, then calls again.
 */
export function createModuleInstrumenter(paths: RegisterPaths, warn: (message: string) => void, getKit: () => InstrumentKit | undefined, typeScriptHint?: string): (module: LoadingModule) => { code: string, map: EncodedSourceMap } | undefined | typeof NEEDS_INSTRUMENTER {
  const filter = createModuleFilter({ root: paths.root, include: undefined, exclude: [], runtimeDir: runtimeDirOf(nodeRuntimePath()) })
  const level = recordLevel()
  let plan: InstrumentPlan | undefined
  const warned = new Set<string>()
  const madeDirs = new Set<string>()
  const ensureDir = (dir: string): void => {
    if (madeDirs.has(dir)) return
    mkdirSync(dir, { recursive: true })
    madeDirs.add(dir)
  }
  return ({ source, url, sourceType, upstream: given, versionKey, ownLines = isWritingV8Coverage(), realmRuntime = false }) => {
    if (!url.startsWith('file:')) return undefined
    const path = fileURLToPath(url)
    if (!filter(path)) return undefined
    const file = relativeId(paths.root, path)
    // The module's last sourceMappingURL: a map file, or (not matched) an inline map.
    const external = given ? undefined : externalSourceMapFile(source, path)
    // The cache serves modules whose map, if any, is inline or in a map file (whose text is part of the name).
    const cacheName = paths.cacheDir && !given
      ? `${createHash('sha1').update(instrumenterVersion()).update(`\0${file}\0${sourceType}\0${level}\0${ownLines ? 'own-lines' : ''}${realmRuntime ? '\0realm' : ''}\0`).update(source).update(external ? `\0${external.text}` : '').digest('hex')}.json`
      : undefined
    if (cacheName) {
      try {
        const cached = JSON.parse(readFileSync(join(paths.cacheDir!, cacheName), 'utf8')) as { code: string, map: EncodedSourceMap, sites: string } | { skip: true }
        if ('skip' in cached) return undefined
        // The manifest may have been deleted since (a cleaned .execscope/sites): then instrument again.
        if (existsSync(join(paths.sitesDir, cached.sites))) return { code: cached.code, map: cached.map }
      }
      catch {}
    }
    // A compiler before us (tsx, ts-node, babel) left a map: sites are placed in the original
    // source and our map is composed with it. Functions the compiler made up (its helpers: no
    // place in the source) are left alone.
    const upstream = given ?? (external && parseMapFile(external)) ?? inlineSourceMap(source)
    const kit = getKit()
    if (!kit) return NEEDS_INSTRUMENTER
    plan ??= kit.createDefaultPlan(level)
    // Jest's --coverage instruments with istanbul before us: its counter function is not the user's.
    const result = kit.instrument(source, file, kit.userCodePlan(plan, source, upstream), {
      sourceType,
      ownLines,
      realmRuntime,
      typeScriptHint,
      // A minified program's map names what the minifier renamed: functions keep their source names.
      originalName: upstream ? kit.originalNames(upstream) : undefined,
      onWarning: (message) => {
        if (warned.has(message)) return
        warned.add(message)
        warn(message)
      },
    })
    if (!result) {
      if (cacheName) {
        try {
          ensureDir(paths.cacheDir!)
          writeWhole(paths.cacheDir!, cacheName, '{"skip":true}')
        }
        catch {}
      }
      return undefined
    }
    // A site whose source is another file under the root (a bundle's map names its sources) is placed there.
    const fileOf = (original: string): string | undefined => {
      const absolute = original.startsWith('file:') ? fileURLToPath(original) : resolve(dirname(path), original)
      return absolute !== path && absolute.startsWith(paths.root + sep) && existsSync(absolute) ? relativeId(paths.root, absolute) : undefined
    }
    const sites = upstream ? kit.mapSitesToSource(result.sites, upstream, fileOf) : result.sites
    // The map's source is the module itself, by URL: a map inline in the module resolves a relative
    // source against the module's directory, where `file` (relative to the root) is not. A
    // compiler's map (composed with ours) names its sources as they resolve from the module already.
    const map = upstream ? kit.composeWithLowering(result.map as unknown as EncodedSourceMap, upstream) : { ...JSON.parse(result.map.toString()) as EncodedSourceMap, sources: [url] }
    try {
      const moduleHash = createHash('sha1').update(source).digest('hex').slice(0, 16)
      const name = siteFileName(versionKey ?? source, file, level)
      ensureDir(paths.sitesDir)
      writeWhole(paths.sitesDir, name, JSON.stringify({ version: 1, modules: { [file]: { moduleHash, sites } } }))
      if (cacheName) {
        ensureDir(paths.cacheDir!)
        writeWhole(paths.cacheDir!, cacheName, JSON.stringify({ code: result.code, map, sites: name }))
      }
    }
    catch (error) {
      warn(`[execscope] Could not write the site manifest of ${file}: ${(error as Error).message} Its functions will show as site ids.`)
    }
    return { code: result.code, map }
  }
}

/** Code with its map appended inline, for Node's loaders (and --enable-source-maps). */
export function withInlineMap(result: { code: string, map: EncodedSourceMap }): string {
  const map = isWritingV8Coverage() ? mapCommentLine(result) : result.map
  return `${result.code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`
}

/**
 * The map with the line of the `sourceMappingURL` comment mapped to the last position the code
 * maps to. V8's coverage counts a module as a range that ends with the file, on that comment:
 * v8-to-istanbul (c8) drops a range whose end maps to nothing, and the
 * module's range went missing from the report. Only under V8 coverage: it decodes the map.
 */
function mapCommentLine(result: { code: string, map: EncodedSourceMap }): EncodedSourceMap {
  const lines = decode(result.map.mappings)
  let last: SourceMapSegment | undefined
  for (let i = lines.length - 1; i >= 0 && !last; i--) last = lines[i]!.findLast(segment => segment.length >= 4)
  if (!last) return result.map
  // The comment goes on the line after the code's last one.
  const commentLine = result.code.split('\n').length
  while (lines.length < commentLine) lines.push([])
  lines[commentLine] = [[0, last[1]!, last[2]!, last[3]!]]
  return { ...result.map, mappings: encode(lines) }
}
