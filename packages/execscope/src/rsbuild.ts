/*
 * `execscope/rsbuild`: the Rsbuild plugin.
 *
 *   // rsbuild.config.ts
 *   import { pluginExecscope } from 'execscope/rsbuild'
 *   export default { plugins: [pluginExecscope()] }
 *
 * It adds the rspack plugin to each environment's Rspack config. Under `rsbuild dev` (or
 * `startDevServer()`) it also mounts the collector on the dev server, as under Vite's: the page
 * posts its batches to `/__execscope`, the trace is `.execscope/trace.duckdb`, `execscope sql`
 * works while the server runs, and the file is closed when it stops. A build records as the
 * rspack plugin does, and `rsbuild preview` records it like the dev server, with the function
 * names the build left in `.execscope/sites.json`.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Http2SecureServer } from 'node:http2'
import { dirname, resolve } from 'node:path'
import type { ExecscopeOptions } from '@execscope/core'
import { resolveOptions } from '@execscope/core'
import { DEV_HOST } from './dev-host.ts'
import type { DevHost } from './dev-host.ts'
import { COLLECTOR_BASE_PATH, execscope } from './index.ts'
import { createLogger } from './logger.ts'
import { SITES_FILE_NAME } from './trace-paths.ts'
import { collectorUrlOf, joinDevTraceFile } from './vite-dev.ts'
import type { DevTraceFile } from './vite-dev.ts'

/** A connect middleware, as Rsbuild's dev server takes them. */
type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void

/** The part of Rsbuild's plugin API used here (typed here, so execscope does not depend on Rsbuild). */
export interface RsbuildPluginApi {
  context: { rootPath: string, action?: string }
  getNormalizedConfig: () => { server: { https?: unknown } }
  modifyRspackConfig: (modify: (config: { plugins?: unknown[] }) => unknown) => void
  onBeforeStartDevServer: (start: (params: { server: RsbuildServer }) => unknown) => void
  onAfterStartDevServer: (started: () => unknown) => void
  onCloseDevServer: (close: () => unknown) => void
  onBeforeStartPreviewServer: (start: (params: { server: RsbuildServer }) => unknown) => void
  onAfterStartPreviewServer: (started: () => unknown) => void
  onClosePreviewServer: (close: () => unknown) => void
}

/** What the collector needs of Rsbuild's dev and preview servers. */
interface RsbuildServer {
  middlewares: { use: (middleware: Middleware) => unknown }
  httpServer: Server | Http2SecureServer | null
}

export interface RsbuildPlugin {
  name: string
  setup: (api: RsbuildPluginApi) => void
}

export function pluginExecscope(rawOptions?: ExecscopeOptions): RsbuildPlugin {
  // Validated now: a bad option fails Rsbuild's config step with a message naming it.
  const options = resolveOptions(rawOptions)
  return {
    name: 'execscope',
    setup(api) {
      let trace: DevTraceFile | undefined
      let httpServer: Server | Http2SecureServer | null = null
      const waiting: Array<(trace: DevTraceFile) => void> = []
      const host: DevHost = {
        get isServing() {
          return api.context.action === 'dev'
        },
        onTrace(use) {
          if (trace) use(trace)
          else waiting.push(use)
        },
      }
      api.modifyRspackConfig((config) => {
        config.plugins = [...(config.plugins ?? []), execscope.rspack({ ...rawOptions, [DEV_HOST]: host } as ExecscopeOptions)]
      })
      if (!options.enabled) return
      // Before the server adds its own middlewares (and, in dev, before Rsbuild creates the
      // compiler): the collector's routes come first, so that no proxy or history fallback of the
      // app answers them.
      const mount = (server: RsbuildServer, sitesFile?: string): void => {
        trace ??= joinDevTraceFile({ root: api.context.rootPath, traceFile: options.traceFile, basePath: COLLECTOR_BASE_PATH, logger: createLogger(), sitesFile }, true)
        for (const use of waiting.splice(0)) use(trace)
        server.middlewares.use(trace.middleware)
        httpServer = server.httpServer
      }
      const advertise = (): void => {
        const url = collectorUrlOf(httpServer?.address(), Boolean(api.getNormalizedConfig().server.https), COLLECTOR_BASE_PATH)
        if (url) trace?.advertise(url)
      }
      api.onBeforeStartDevServer(({ server }) => mount(server))
      api.onAfterStartDevServer(advertise)
      api.onCloseDevServer(() => trace?.close())
      // `rsbuild preview` serves the build, whose page posts to the same path; the function names
      // are the ones the build left beside the trace file. A build given an endpoint sends to that
      // collector instead, which must have the file to itself.
      api.onBeforeStartPreviewServer(({ server }) => {
        if (!options.endpoint) mount(server, resolve(api.context.rootPath, dirname(options.traceFile), SITES_FILE_NAME))
      })
      api.onAfterStartPreviewServer(advertise)
      api.onClosePreviewServer(() => trace?.close())
    },
  }
}

export default pluginExecscope
