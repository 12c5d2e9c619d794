import type { ExecscopeOptions, InstrumentPlan, RecordLevel, ResolvedOptions, SiteRow } from '@execscope/core'
import type { EncodedSourceMap } from '@jridgewell/trace-mapping'
import type { UnpluginBuildContext, UnpluginFactory, UnpluginOptions } from 'unplugin'
import type { Plugin as VitePlugin, UserConfig, ViteDevServer } from 'vite'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import { ExecscopeError, resolveOptions, RUNTIME_SPECIFIER } from '@execscope/core'
import { createVitePlugin } from 'unplugin'
import { instrument } from '@execscope/instrument'
import { createDefaultPlan } from '@execscope/planner'
import { composeWithLowering, lowerForEsbuild } from './esbuild-lowering.ts'
import { createLogger } from './logger.ts'
import type { ModuleFilter } from './module-filter.ts'
import { createModuleFilter, dependencyIncludeWarning, isSfcPath, MAYBE_CODE_ID_RE, relativeId, splitQuery } from './module-filter.ts'
import type { RuntimeTarget } from './runtime-target.ts'
import { requestCompilerSourceMaps } from './compiler-source-maps.ts'
import type { RspackCompilerLike, WebpackCompilerLike } from './loader-source-maps.ts'
import { requestRspackLoaderMaps, requestWebpackLoaderMaps } from './loader-source-maps.ts'
import { browserRuntimePath, browserStatsPath, countPath, hotCallsPath, nodeProbesPath, nodeRuntimeModuleCode, nodeRuntimePath, probesPath, runtimeDirOf, runtimeModuleCode, statePath, valuesPath } from './runtime-module.ts'
import type { RecorderModules } from './runtime-module.ts'
import { isNodeTarget, runtimeTargetOf } from './runtime-target.ts'
import { createSitesFileWriter } from './sites-file.ts'
import { devHostOf } from './dev-host.ts'
import { batchDirOf, SITES_FILE_NAME } from './trace-paths.ts'
import { loaderOutputSource, mapSitesToSource, originalNames, userCodePlan } from './upstream-positions.ts'
import type { DevCollector, DevTraceFile } from './vite-dev.ts'
import { attachDevCollector } from './vite-dev.ts'
import type { CompilerLike } from './webpack-dev.ts'
import { addCollectorToDevServer, isServeProcess } from './webpack-dev.ts'
import { writeVitestSetupFile } from './vitest-setup.ts'
import { writeWhole } from './write-whole.ts'

/**
 * Writes `text` to `file`, named by its text (see webpackRuntimeFile), unless it is there already:
 * an untouched file is not rebuilt by a watcher. Whole, so another compiler never reads half of it.
 */
function writeUnlessThere(file: string, text: string): void {
  if (existsSync(file)) return
  mkdirSync(dirname(file), { recursive: true })
  writeWhole(dirname(file), basename(file), text)
}

/** The virtual runtime module, one per target: `\0execscope:runtime:browser`, `…:node`. */
/** What webpack builds import instead of `execscope:runtime` (see the webpack hook). */
const WEBPACK_RUNTIME_ALIAS = 'execscope-webpack-runtime'
const RESOLVED_RUNTIME_PREFIX = `\0${RUNTIME_SPECIFIER}:`
/** Where the collector is mounted on the dev server, and where the runtime posts batches. */
export const COLLECTOR_BASE_PATH = '/__execscope'

/** Receives each module version's manifest rows (the dev collector, or a build manifest). */
export type SiteSink = (rows: SiteRow[], moduleHash: string) => void

/**
 * The map from this module's current code back to its source, where the bundler offers one:
 * Rollup and Vite hand us their own plugin context (`getCombinedSourcemap`), webpack and rspack
 * the loader's input map.
 */
function upstreamMap(context: UnpluginBuildContext): EncodedSourceMap | undefined {
  try {
    const rollupLike = context as UnpluginBuildContext & { getCombinedSourcemap?: () => EncodedSourceMap }
    if (typeof rollupLike.getCombinedSourcemap === 'function') return rollupLike.getCombinedSourcemap()
    const native = context.getNativeBuildContext?.()
    if (native && (native.framework === 'webpack' || native.framework === 'rspack')) return native.inputSourceMap as EncodedSourceMap | undefined
  }
  catch {}
  return undefined
}

/** Whether a plugin named `name` is among these (possibly nested) Vite plugins. */
function hasPluginNamed(plugins: unknown, name: string): boolean {
  return Array.isArray(plugins) && plugins.flat(Infinity as 1).some(plugin => (plugin as { name?: unknown } | null)?.name === name)
}

/** Whether these are the plugins of a server Vitest made to run tests (it adds one named 'vitest'). */
function isVitestServer(plugins: readonly unknown[] | undefined): boolean {
  return hasPluginNamed(plugins, 'vitest')
}

/** The part of Vitest's instance we look at: `pool` is set while test workers may still run. */
interface VitestLike {
  pool?: unknown
  config?: { coverage?: { enabled?: boolean, provider?: string } }
}

/**
 * Vitest's istanbul coverage instruments each module in a transform of its own
 * (`vitest:coverage-transform`, also `enforce: 'post'`), which comes after ours: it counted the
 * statements we add (a test suite's statement coverage fell from 99 % to 88 %). Moved behind it,
 * ours instruments what istanbul wrote, whose counters are expressions and whose own function maps
 * to no source, so it is left out like other plugins' helpers: the coverage is as without us.
 * Resolved plugins are an array Vite reads from when it builds each environment's pipeline.
 */
function runAfterCoverage(plugins: VitePlugin[]): void {
  const coverageAt = plugins.findIndex(plugin => plugin.name === 'vitest:coverage-transform')
  const ownAt = plugins.findIndex(plugin => plugin.name === 'execscope:instrument')
  if (ownAt < 0 || coverageAt < ownAt) return
  const [own] = plugins.splice(ownAt, 1)
  plugins.splice(coverageAt, 0, own!)
}

/**
 * Resolves once Vitest's worker pool has closed (every worker has exited after flushing its
 * records on SIGTERM), or after 10 s; at once outside Vitest.
 */
async function vitestPoolClosed(vitest: VitestLike | undefined): Promise<void> {
  if (!vitest || !('pool' in vitest)) return
  for (const deadline = Date.now() + 10_000; vitest.pool !== undefined && Date.now() < deadline;)
    await new Promise(resolve => setTimeout(resolve, 20))
}

/**
 * Vite builds each Web Worker as a bundle of its own, with `worker.plugins` and not the app's
 * plugins (the dev server, by contrast, serves workers through the app's). This adds a fresh
 * execscope, with the same options, to every worker bundle, after the user's worker plugins.
 */
function addToWorkerBundles(config: UserConfig, rawOptions: ExecscopeOptions | undefined): void {
  const worker = (config.worker ??= {})
  const user = worker.plugins as unknown
  // Vite flattens nested arrays and awaits promises in what this returns.
  worker.plugins = () => [typeof user === 'function' ? (user as () => unknown)() : (user ?? []), createVitePlugin(workerBundleFactory)(rawOptions)] as ReturnType<NonNullable<typeof worker.plugins>>
}

/**
 * Vitest gives an inline project (`test.projects: [{ test: {…} }]`) its own plugins only, unless
 * it says `extends: true`, so a root `plugins: [execscope()]` alone recorded nothing there. This
 * adds a fresh execscope, with the same options, to each inline project that has none and does
 * not inherit the root's. Projects given as config files keep their own plugins.
 */
function addToInlineProjects(config: UserConfig, rawOptions: ExecscopeOptions | undefined): void {
  const projects = (config as { test?: { projects?: unknown } }).test?.projects
  if (!Array.isArray(projects)) return
  for (const project of projects) {
    if (project === null || typeof project !== 'object' || typeof (project as { then?: unknown }).then === 'function') continue
    const inline = project as { extends?: unknown, plugins?: unknown }
    if (inline.extends === true || hasPluginNamed(inline.plugins, 'execscope:instrument')) continue
    inline.plugins = [...(Array.isArray(inline.plugins) ? inline.plugins : []), createVitePlugin(execscopeFactory)(rawOptions)]
  }
}

/** A webpack or rspack compiler, as `webpack serve` support sees it. */
type ServedCompiler = CompilerLike & { options: { target?: unknown } }

/**
 * Vitest measures V8 coverage in this run: set by any project's plugin, read by all, on globalThis
 * because each config Vite bundles may bring its own copy of this module (see vite-dev.ts).
 */
const V8_COVERAGE_KEY = Symbol.for('execscope.underV8Coverage')
const isUnderV8Coverage = (): boolean => (globalThis as Record<symbol, unknown>)[V8_COVERAGE_KEY] === true

export const execscopeFactory: UnpluginFactory<ExecscopeOptions | undefined, true> = (rawOptions, meta) => createPlugins(rawOptions, false, meta?.framework)

/** The plugins inside a Vite worker bundle: the same, except that they add nothing to worker bundles themselves. */
const workerBundleFactory: UnpluginFactory<ExecscopeOptions | undefined, true> = rawOptions => createPlugins(rawOptions, true)

function createPlugins(rawOptions: ExecscopeOptions | undefined, isWorkerBundle: boolean, framework?: string): UnpluginOptions[] {
  // Validate eagerly: a bad option fails the bundler's config step with a message naming it.
  const options: ResolvedOptions = resolveOptions(rawOptions)
  const logger = createLogger()
  const dependencyWarning = isWorkerBundle ? undefined : dependencyIncludeWarning(options.include)
  if (dependencyWarning !== undefined) logger.warnOnce(dependencyWarning)
  const runtimePath = browserRuntimePath()
  const runtimeDir = runtimeDirOf(runtimePath)
  let isVitest = false
  /** Vitest's own server (browser mode included): Vitest handles the process's signals. */
  let isServedByVitestServer = false
  let vitest: VitestLike | undefined
  let root = process.cwd()
  let isDevServer = false
  /** `webpack serve`, `rspack serve` or `rsbuild dev`: a dev server, with the collector added to it (webpack-dev.ts, rsbuild.ts). */
  let isWebpackServe = false
  const filterFor = (at: string): ModuleFilter => createModuleFilter({ root: at, include: options.include, exclude: options.exclude, runtimeDir })
  let filter = filterFor(root)
  let siteSink: SiteSink | undefined
  let devCollector: DevCollector | undefined
  /** The module versions whose manifest already went out: transform runs per environment and on HMR. */
  const sentVersions = new Map<string, string>()
  const sitesFile = createSitesFileWriter(() => resolve(root, dirname(options.traceFile), SITES_FILE_NAME))

  // Probes cost a little on every promise reaction and timer: on by default where people develop.
  const isDevelopment = (): boolean => isDevServer || isVitest || isWebpackServe
  const withProbes = (): boolean => options.probes ?? isDevelopment()
  // Previews of values and state cost more per call: the same default.
  const level = (): RecordLevel => options.record ?? (isDevelopment() ? 'full' : 'calls')
  // In browsers, counting hot calls takes a module of its own, outside the production runtime's
  // size budget: on by default where people develop, in builds only when asked for.
  // Only builds sample sessions: under the dev server and Vitest every page load and test process records.
  const runtimeOptions = (): ResolvedOptions => (isDevelopment() && options.sample < 1 ? { ...options, sample: 1 } : options)
  const countsInBrowsers = (): boolean => (rawOptions?.timing?.hotCalls ?? (isDevelopment() ? 'count' : 'record')) === 'count'
  const plans: Partial<Record<RecordLevel, InstrumentPlan>> = {}
  const planFor = (current: RecordLevel): InstrumentPlan => (plans[current] ??= createDefaultPlan(current))
  /** The recorders the runtime module adds for `level()`; `served` maps a path to what the module imports. */
  const recorders = (served: (path: string) => string = path => path): RecorderModules => {
    const current = level()
    return {
      values: current === 'values' || current === 'full' ? served(valuesPath()) : undefined,
      state: current === 'full' ? served(statePath()) : undefined,
      count: current === 'count' ? served(countPath()) : undefined,
    }
  }

  /** The source of the `execscope:runtime` module for a target. */
  async function runtimeModuleSource(target: RuntimeTarget): Promise<string> {
    return runtimeModuleText(target, devCollector ? await devCollector.nodeEndpoint() : options.endpoint)
  }

  /** The same, given the endpoint of the Node runtime. */
  function runtimeModuleText(target: RuntimeTarget, nodeEndpoint: string | undefined): string {
    if (target === 'node')
      return nodeRuntimeModuleCode(nodeRuntimePath(), runtimeOptions(), { endpoint: nodeEndpoint, batchDir: batchDirOf(options.traceFile), isDevServer: devCollector !== undefined && !isVitest }, withProbes() ? nodeProbesPath() : undefined, recorders())
    // The dev server serves files outside the root through /@fs/; bundlers take the path as is.
    const served = (path: string): string => (isDevServer ? `/@fs${path.startsWith('/') ? '' : '/'}${path.split('\\').join('/')}` : path)
    return runtimeModuleCode(served(runtimePath), runtimeOptions(), devCollector ? COLLECTOR_BASE_PATH : (options.endpoint ?? COLLECTOR_BASE_PATH), withProbes() ? served(probesPath()) : undefined, recorders(served), countsInBrowsers() ? served(hotCallsPath()) : undefined, withProbes() ? served(browserStatsPath()) : undefined)
  }

  /** Under webpack, the compiler's context: the runtime module is a file there (see resolveId). */
  let webpackContext: string | undefined
  /**
   * Named by its text: two compilers of one project (a client and a server bundle, or two plugin
   * instances with different options) never rewrite each other's, which their watchers would take
   * for a change, over and over.
   */
  const webpackRuntimeFile = (target: RuntimeTarget, text: string): string =>
    resolve(webpackContext!, 'node_modules', '.cache', 'execscope', `runtime-${target}-${createHash('sha1').update(text).digest('hex').slice(0, 12)}.js`)

  const runtimePlugin: UnpluginOptions = {
    name: 'execscope:runtime',
    enforce: 'pre',
    resolveId: {
      filter: { id: /^execscope(?::|-webpack-)runtime$/ },
      async handler(id) {
        if (id !== RUNTIME_SPECIFIER && id !== WEBPACK_RUNTIME_ALIAS) return null
        const target: RuntimeTarget = options.runtime === 'auto' ? runtimeTargetOf(this, isVitest) : options.runtime
        if (webpackContext === undefined) return RESOLVED_RUNTIME_PREFIX + target
        // webpack: a file of its own, not unplugin's virtual module, whose path webpack's watcher
        // reports as removed once the dev server starts, which compiled everything a second time.
        const text = await runtimeModuleSource(target)
        const file = webpackRuntimeFile(target, text)
        try {
          writeUnlessThere(file, text)
          return file
        }
        catch {
          // A project whose node_modules cannot be written: the virtual module, as elsewhere.
          return RESOLVED_RUNTIME_PREFIX + target
        }
      },
    },
    load: {
      filter: { id: /^\0execscope:runtime:/ },
      handler(id) {
        if (id === `${RESOLVED_RUNTIME_PREFIX}node`) return runtimeModuleSource('node')
        if (id === `${RESOLVED_RUNTIME_PREFIX}browser`) return runtimeModuleSource('browser')
        return null
      },
    },
  }

  // Rollup resolves no Node built-in by itself: it leaves each one external with an "Unresolved
  // dependencies" warning. The Node runtime's own (`node:fs`, `node:worker_threads`, …) are
  // external wherever it runs, so they are marked so here, and the app's build warns only of its
  // own imports. (esbuild, webpack and rspack know the built-ins of a Node target; Vite's builds too:
  // this plugin is Rollup's alone.)
  const runtimeFiles = `${runtimeDir.split('\\').join('/')}/`
  const runtimeBuiltinsPlugin: UnpluginOptions = {
    name: 'execscope:runtime-builtins',
    rollup: {
      resolveId(id, importer) {
        if (!id.startsWith('node:') || importer === undefined || !importer.split('\\').join('/').startsWith(runtimeFiles)) return null
        return { id, external: true }
      },
    },
  }

  // Each instrumented module imports the runtime (`execscope:runtime`), which only a bundle holds:
  // esbuild with `bundle` off would write that import into every output file, which then fails to
  // load. Said at the start of the build instead.
  runtimePlugin.esbuild = {
    config(initialOptions) {
      if (options.enabled && initialOptions.bundle !== true)
        throw new ExecscopeError('ES_BAD_OPTION', `esbuild's "bundle" option is ${initialOptions.bundle === false ? 'false' : 'not set'}: execscope's instrumented modules import its runtime, which only a bundle can hold, so each output file would fail to load. Build with bundle: true, or leave execscope out of this build (or give it enabled: false).`)
    },
  }

  // webpack reads `execscope:` as a URL scheme and fails before any resolver runs; the request is
  // renamed first (beforeResolve), so the resolveId above sees it.
  runtimePlugin.webpack = (compiler) => {
    webpackContext = compiler.options.context ?? process.cwd()
    new compiler.webpack.NormalModuleReplacementPlugin(/^execscope:runtime$/, (resource: { request: string }) => {
      resource.request = WEBPACK_RUNTIME_ALIAS
    }).apply(compiler)
    if (options.enabled) requestWebpackLoaderMaps(compiler as unknown as WebpackCompilerLike, resource => filter(resource))
    serveWith(compiler as unknown as ServedCompiler)
    // The runtime modules are written now, before the first compilation starts (once serveWith
    // has said how the app records): written during it, its watcher took them for a change.
    if (options.enabled) {
      for (const target of ['browser', 'node'] as const) {
        try {
          const text = runtimeModuleText(target, options.endpoint)
          writeUnlessThere(webpackRuntimeFile(target, text), text)
        }
        catch {}
      }
    }
  }
  runtimePlugin.rspack = (compiler) => {
    if (options.enabled) requestRspackLoaderMaps(compiler as unknown as RspackCompilerLike, message => logger.info(message))
    serveWith(compiler as unknown as ServedCompiler)
  }

  /**
   * Under `webpack serve` / `rspack serve`, or a dev server that mounts the collector itself
   * (Rsbuild's), a browser app records like under Vite's dev server.
   */
  function serveWith(compiler: ServedCompiler): void {
    const host = devHostOf(rawOptions)
    if (!options.enabled || isWorkerBundle || (host ? !host.isServing : !isServeProcess())) return
    if (options.runtime === 'node' || (options.runtime === 'auto' && isNodeTarget(compiler.options.target))) return
    isWebpackServe = true
    const useTrace = (trace: DevTraceFile): void => {
      siteSink = trace.siteSink
      sitesFile.handOver(trace.siteSink)
    }
    if (host) host.onTrace(useTrace)
    else addCollectorToDevServer(compiler, { root, traceFile: options.traceFile, basePath: COLLECTOR_BASE_PATH, logger }, useTrace)
  }

  const instrumentPlugin: UnpluginOptions = {
    name: 'execscope:instrument',
    // After TS/JSX lowering, so the instrumenter sees JavaScript.
    enforce: 'post',
    transform: {
      filter: { id: { include: [MAYBE_CODE_ID_RE], exclude: [/node_modules/, /^\0/] } },
      async handler(source, id) {
        if (!options.enabled || !filter(id)) return null
        const path = splitQuery(id).path
        const file = relativeId(root, path)
        const lowered = await lowerForEsbuild(this, source, path)
        const code = lowered?.code ?? source
        const upstream = lowered?.map ?? upstreamMap(this)
        // A component compiled with no map back to its file (vue-loader's own module, which joins
        // the component's parts and adds its hot-reload code) has nothing of the user's to place
        // there: its functions would be put in the .vue file at the compiled code's lines.
        if (!upstream && isSfcPath(path)) return null
        const misplacedBy = loaderOutputSource(upstream)
        if (misplacedBy !== undefined) logger.warnOnce(`[execscope] The source map of ${file} that reached execscope is of ${misplacedBy}'s output, not of the file: a loader after it did not carry that loader's map on (ts-loader with vue-loader does this). Its functions are placed at the lines of that output; babel-loader with @babel/preset-typescript, esbuild-loader or swc-loader keep the file's lines.`)
        // Functions earlier plugins wrote (React Refresh's footer, helpers) are not the user's.
        const plan = userCodePlan(planFor(level()), code, upstream)
        const result = instrument(code, file, plan, {
          onWarning: message => logger.warnOnce(message),
          ownLines: isUnderV8Coverage(),
          // A compiler before us may have renamed a function (esbuild's `createSelector2`, solid-refresh's `App2`): its map names the original.
          originalName: upstream ? originalNames(upstream) : undefined,
        })
        if (!result) return null
        const moduleHash = createHash('sha1').update(source).digest('hex').slice(0, 16)
        if (sentVersions.get(file) !== moduleHash) {
          sentVersions.set(file, moduleHash)
          ;(siteSink ?? sitesFile.add)(mapSitesToSource(result.sites, upstream), moduleHash)
        }
        // Under esbuild the map must lead to the TS source, as the lowering did not happen upstream.
        const map = lowered ? composeWithLowering(result.map as EncodedSourceMap, lowered.map) as unknown as typeof result.map : result.map
        return { code: result.code, map }
      },
    },
    buildEnd() {
      // A build (not the dev server, which stores manifests as it goes) leaves them beside the
      // trace file, where `execscope ingest` and `execscope serve` read them.
      if (!siteSink) sitesFile.write(logger)
    },
  }

  /** The Vite config's plugins, once resolved. */
  let resolvedPlugins: readonly unknown[] = []
  const vite: Partial<VitePlugin> = {
    buildStart() {
      // After every plugin's configResolved, where Vue's plugin decides whether to make source maps.
      if (options.enabled) requestCompilerSourceMaps(resolvedPlugins)
    },
    config(config, env) {
      if (options.enabled && env.command === 'build' && !isWorkerBundle) addToWorkerBundles(config, rawOptions)
      if (options.enabled && process.env.VITEST && !isWorkerBundle) addToInlineProjects(config, rawOptions)
      // Under Vitest, each test file ships its records when it ends (see vitest-setup.ts).
      if (!options.enabled || !process.env.VITEST || !isVitestServer(config.plugins)) return
      try {
        const setupFile = writeVitestSetupFile(resolve(config.root ?? process.cwd()))
        // The runtime is loaded by Node itself, once per test process, even when it lives outside
        // node_modules (a linked workspace): Vitest would otherwise transform it for every file.
        const external = [new RegExp(`^${runtimeDir.split('\\').join('/').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`)]
        return { test: { setupFiles: [setupFile], server: { deps: { external } } } } as Record<string, unknown>
      }
      catch (error) {
        logger.warn(`[execscope] Could not write the Vitest setup file: ${(error as Error).message} The last records of each test file may be lost.`)
      }
    },
    configResolved(config) {
      resolvedPlugins = config.plugins
      root = config.root
      filter = filterFor(root)
      isDevServer = config.command === 'serve'
      // Vitest runs the tests in Node processes, except in its browser mode. Its own server has its
      // plugins; a dev server that a test starts inside Vitest (VITEST is set there too) does not.
      const test = (config as typeof config & { test?: { browser?: { enabled?: boolean } } }).test
      const isServedByVitest = isServedByVitestServer = isVitestServer(config.plugins)
      isVitest = isServedByVitest && test?.browser?.enabled !== true
      if (isServedByVitest) runAfterCoverage(config.plugins as VitePlugin[])
      // The dev server must be allowed to serve the runtime bundle, which may live outside the
      // project (a linked workspace, a global install).
      const allow = config.server.fs.allow
      if (isDevServer && !allow.some(dir => runtimeDir.startsWith(dir))) allow.push(runtimeDir)
    },
    configurePreviewServer(server) {
      // `vite preview` serves the build, whose browser runtime posts to /__execscope on this origin;
      // a build given an endpoint sends to that collector instead, which must have the file to itself.
      if (!options.enabled || options.endpoint) return
      attachDevCollector(server as unknown as ViteDevServer, { root, traceFile: options.traceFile, basePath: COLLECTOR_BASE_PATH, logger, sitesFile: resolve(root, dirname(options.traceFile), SITES_FILE_NAME), closesOnInterrupt: true })
    },
    configureServer(server) {
      if (!options.enabled) return
      devCollector = attachDevCollector(server, { root, traceFile: options.traceFile, basePath: COLLECTOR_BASE_PATH, logger, settled: () => vitestPoolClosed(vitest), closesOnInterrupt: !isServedByVitestServer })
      siteSink = devCollector.siteSink
    },
  }
  // Vitest's plugin hook: its instance tells when the test workers have all ended.
  ;(vite as { configureVitest?: (context: { vitest: VitestLike }) => void }).configureVitest = (context) => {
    vitest = context.vitest
    // V8's coverage is of the code as it runs, mapped back to the source: what we add goes on lines
    // of its own, which map to nothing, so that only the user's statements are counted.
    const coverage = vitest.config?.coverage
    if (coverage?.enabled === true && (coverage.provider ?? 'v8') === 'v8') (globalThis as Record<symbol, unknown>)[V8_COVERAGE_KEY] = true
  }
  instrumentPlugin.vite = vite

  return framework === 'rollup' ? [runtimePlugin, runtimeBuiltinsPlugin, instrumentPlugin] : [runtimePlugin, instrumentPlugin]
}
