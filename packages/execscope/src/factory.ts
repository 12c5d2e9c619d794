import type { ExecscopeOptions, ResolvedOptions, SiteRow } from '@execscope/core'
import type { EncodedSourceMap } from '@jridgewell/trace-mapping'
import type { UnpluginBuildContext, UnpluginFactory, UnpluginOptions } from 'unplugin'
import type { Plugin as VitePlugin } from 'vite'
import { createHash } from 'node:crypto'
import { resolveOptions, RUNTIME_SPECIFIER } from '@execscope/core'
import { instrument } from '@execscope/instrument'
import { createDefaultPlan } from '@execscope/planner'
import { createLogger } from './logger.ts'
import type { ModuleFilter } from './module-filter.ts'
import { createModuleFilter, relativeId, splitQuery } from './module-filter.ts'
import { browserRuntimePath, runtimeDirOf, runtimeModuleCode } from './runtime-module.ts'
import { mapSitesToSource } from './upstream-positions.ts'
import { attachDevCollector } from './vite-dev.ts'

const RESOLVED_RUNTIME_ID = `\0${RUNTIME_SPECIFIER}`
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

export const execscopeFactory: UnpluginFactory<ExecscopeOptions | undefined, true> = (rawOptions) => {
  // Validate eagerly: a bad option fails the bundler's config step with a message naming it.
  const options: ResolvedOptions = resolveOptions(rawOptions)
  const logger = createLogger()
  const runtimePath = browserRuntimePath()
  const runtimeDir = runtimeDirOf(runtimePath)
  const plan = createDefaultPlan()
  let root = process.cwd()
  let isDevServer = false
  const filterFor = (at: string): ModuleFilter => createModuleFilter({ root: at, include: options.include, exclude: options.exclude, runtimeDir })
  let filter = filterFor(root)
  let siteSink: SiteSink | undefined
  /** The module versions whose manifest already went out: transform runs per environment and on HMR. */
  const sentVersions = new Map<string, string>()

  const runtimePlugin: UnpluginOptions = {
    name: 'execscope:runtime',
    enforce: 'pre',
    resolveId: {
      filter: { id: /^execscope:runtime$/ },
      handler: id => (id === RUNTIME_SPECIFIER ? RESOLVED_RUNTIME_ID : null),
    },
    load: {
      filter: { id: /^\0execscope:runtime$/ },
      handler(id) {
        if (id !== RESOLVED_RUNTIME_ID) return null
        // The dev server serves files outside the root through /@fs/; bundlers take the path as is.
        const url = isDevServer ? `/@fs${runtimePath.startsWith('/') ? '' : '/'}${runtimePath.split('\\').join('/')}` : runtimePath
        return runtimeModuleCode(url, options, COLLECTOR_BASE_PATH)
      },
    },
  }

  const instrumentPlugin: UnpluginOptions = {
    name: 'execscope:instrument',
    // After TS/JSX lowering, so the instrumenter sees JavaScript.
    enforce: 'post',
    transform: {
      filter: { id: { exclude: [/node_modules/, /^\0/] } },
      handler(code, id) {
        if (!options.enabled || !filter(id)) return null
        const file = relativeId(root, splitQuery(id).path)
        const result = instrument(code, file, plan, {
          onWarning: message => logger.warnOnce(message),
        })
        if (!result) return null
        const moduleHash = createHash('sha1').update(code).digest('hex').slice(0, 16)
        if (siteSink && sentVersions.get(file) !== moduleHash) {
          sentVersions.set(file, moduleHash)
          siteSink(mapSitesToSource(result.sites, upstreamMap(this)), moduleHash)
        }
        return { code: result.code, map: result.map }
      },
    },
  }

  const vite: Partial<VitePlugin> = {
    configResolved(config) {
      root = config.root
      filter = filterFor(root)
      isDevServer = config.command === 'serve'
      // The dev server must be allowed to serve the runtime bundle, which may live outside the
      // project (a linked workspace, a global install).
      const allow = config.server.fs.allow
      if (isDevServer && !allow.some(dir => runtimeDir.startsWith(dir))) allow.push(runtimeDir)
    },
    configureServer(server) {
      if (!options.enabled) return
      siteSink = attachDevCollector(server, { root, traceFile: options.traceFile, basePath: COLLECTOR_BASE_PATH, logger })
    },
  }
  instrumentPlugin.vite = vite

  return [runtimePlugin, instrumentPlugin]
}
