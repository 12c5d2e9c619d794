import { isAbsolute, relative } from 'node:path'
import picomatch from 'picomatch'

const SCRIPT_RE = /\.(?:[cm]?[jt]sx?)$/
const SFC_RE = /\.(?:vue|svelte|astro)$/

/** Whether the module's path is a single-file component's (`.vue`, `.svelte`, `.astro`), whatever its query. */
export function isSfcPath(path: string): boolean {
  return SFC_RE.test(path)
}

/**
 * Module ids that may be code (a script or a single-file component, with or without a query): the
 * bundlers' own filter, so that no other module (an HTML template, a stylesheet) ever passes
 * through our transform. `createModuleFilter` then decides.
 */
export const MAYBE_CODE_ID_RE: RegExp = /\.(?:[cm]?[jt]sx?|vue|svelte|astro)(?:\?|$)/
/** Requests for a module as something other than code: its text, its URL, a worker, CSS. */
const NOT_CODE_QUERY_RE = /(?:^|&)(?:raw|url|inline|worker|sharedworker|type=style|lang\.css|css|html-proxy)(?:&|=|$)/

export interface ModuleFilterOptions {
  root: string
  include: Array<string | RegExp> | undefined
  exclude: Array<string | RegExp>
  /** Absolute directory of the runtime, never instrumented. */
  runtimeDir: string
}

/** Decides whether a module id is the application's own code that should be instrumented. */
export type ModuleFilter = (id: string) => boolean

/** Splits `path?query` (Vite ids carry queries) into its path and query. */
export function splitQuery(id: string): { path: string, query: string } {
  const q = id.indexOf('?')
  return q < 0 ? { path: id, query: '' } : { path: id.slice(0, q), query: id.slice(q + 1) }
}

/** The module path relative to the root, `/`-separated, as sites and maps name it. */
export function relativeId(root: string, path: string): string {
  const rel = isAbsolute(path) ? relative(root, path) : path
  return rel.split('\\').join('/')
}

function compile(patterns: Array<string | RegExp>): (absolute: string, rel: string) => boolean {
  const globs = patterns.filter((p): p is string => typeof p === 'string')
  const regexps = patterns.filter((p): p is RegExp => p instanceof RegExp)
  const glob = globs.length ? picomatch(globs, { dot: true }) : () => false
  return (absolute, rel) => glob(rel) || regexps.some((re) => {
    re.lastIndex = 0
    return re.test(absolute)
  })
}

export function createModuleFilter(options: ModuleFilterOptions): ModuleFilter {
  const included = options.include ? compile(options.include) : undefined
  const excluded = compile(options.exclude)
  const runtimeDir = options.runtimeDir.split('\\').join('/')
  return (id) => {
    // Virtual modules (Rollup's \0 convention) and Vite's own client code are not the app's.
    if (id.startsWith('\0') || id.startsWith('/@') || id.includes('/node_modules/')) return false
    const { path, query } = splitQuery(id)
    if (query && NOT_CODE_QUERY_RE.test(query)) return false
    const absolute = path.split('\\').join('/')
    if (absolute.startsWith(runtimeDir)) return false
    // A single-file component is code once its plugin compiled it, which runs before us: the
    // component module itself (Vue's dev server inlines the script and template there) and its
    // script and template parts; its styles are excluded above.
    const isScript = SCRIPT_RE.test(path) || (SFC_RE.test(path) && (query === '' || /(?:^|&)type=(?:script|template)(?:&|$)/.test(query)))
    if (!isScript || path.endsWith('.d.ts')) return false
    const rel = relativeId(options.root, path)
    if (excluded(absolute, rel)) return false
    return included ? included(absolute, rel) : !rel.startsWith('..')
  }
}

/**
 * What to say when `include` names modules under node_modules, which are never instrumented (only
 * the app's own code is): such a pattern matches nothing there, and without this the build would
 * record none of the dependency it names, silently. Undefined when no pattern does.
 */
export function dependencyIncludeWarning(include: Array<string | RegExp> | undefined): string | undefined {
  const named = (include ?? []).filter(p => (typeof p === 'string' ? p : p.source).includes('node_modules'))
  if (named.length === 0) return undefined
  const shown = named.map(p => (typeof p === 'string' ? JSON.stringify(p) : String(p))).join(', ')
  return `[execscope] Option "include" names node_modules (${shown}), but execscope instruments only the app's own modules, never dependencies under node_modules: ${named.length === 1 ? 'this pattern matches' : 'these patterns match'} nothing there. A dependency's time counts in the self time of the app's functions that call it.`
}
