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
 * rspack plugin does.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Http2SecureServer } from 'node:http2'
import type { ExecscopeOptions } from '@execscope/core'
import { resolveOptions } from '@execscope/core'
import { DEV_HOST } from './dev-host.ts'
import type { DevHost } from './dev-host.ts'
import { COLLECTOR_BASE_PATH, execscope } from './index.ts'
import { createLogger } from './logger.ts'
import { collectorUrlOf, joinDevTraceFile } from './vite-dev.ts'
import type { DevTraceFile } from './vite-dev.ts'

/** A connect middleware, as Rsbuild's dev server takes them. */
type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void

/** The part of Rsbuild's plugin API used here (typed here, so execscope does not depend on Rsbuild). */
export interface RsbuildPluginApi {
  context: { rootPath: string, action?: string }
  getNormalizedConfig: () => { server: { https?: unknown } }
  modifyRspackConfig: (modify: (config: { plugins?: unknown[] }) => unknown) => void
  onBeforeStartDevServer: (start: (params: { server: { middlewares: { use: (middleware: Middleware) => unknown }, httpServer: Server | Http2SecureServer | null } }) => unknown) => void
  onAfterStartDevServer: (started: () => unknown) => void
  onCloseDevServer: (close: () => unknown) => void
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
      // Before Rsbuild creates the compiler and adds its own middlewares: the collector's routes
      // come first, so that no proxy or history fallback of the app answers them.
      api.onBeforeStartDevServer(({ server }) => {
        trace ??= joinDevTraceFile({ root: api.context.rootPath, traceFile: options.traceFile, basePath: COLLECTOR_BASE_PATH, logger: createLogger() }, true)
        for (const use of waiting.splice(0)) use(trace)
        server.middlewares.use(trace.middleware)
        httpServer = server.httpServer
      })
      api.onAfterStartDevServer(() => {
        const url = collectorUrlOf(httpServer?.address(), Boolean(api.getNormalizedConfig().server.https), COLLECTOR_BASE_PATH)
        if (url) trace?.advertise(url)
      })
      api.onCloseDevServer(() => trace?.close())
    },
  }
}

export default pluginExecscope
