import type { Server } from 'node:http'
import { dirname, resolve, sep } from 'node:path'
import type { DevCollectorOptions, DevTraceFile } from './vite-dev.ts'
import { collectorUrlOf, joinDevTraceFile } from './vite-dev.ts'

/**
 * Whether this process runs a bundler's dev server, by what its CLI set before reading the config:
 * `webpack serve` sets WEBPACK_SERVE; `rspack serve` (`rspack dev`) imports @rspack/dev-server
 * first, which sets RSPACK_SERVE (@rspack/cli 2 sets no WEBPACK_SERVE: its pages posted to a
 * collector that was not there).
 */
export function isServeProcess(env: Record<string, string | undefined> = process.env): boolean {
  return env.WEBPACK_SERVE === 'true' || env.RSPACK_SERVE === 'true'
}

/** What `webpack serve` and `rspack serve` read from `devServer` that we take part in. */
interface DevServerOptions {
  setupMiddlewares?: (middlewares: unknown[], devServer: DevServerLike) => unknown[]
  onListening?: (devServer: DevServerLike) => void
  server?: unknown
  static?: unknown
}

/** One entry of the dev server's `static` option, as webpack-dev-server takes it. */
interface StaticEntry {
  directory?: string
  watch?: boolean | { ignored?: unknown }
  [key: string]: unknown
}

/**
 * The dev server reloads the page when a file in a `static` directory changes, and the trace file
 * (with its write-ahead log) changes all the time: with `static: '.'` the page reloaded every few
 * hundred milliseconds. This adds the trace's directory to what each watched entry ignores.
 */
function ignoreTraceDir(devServer: DevServerOptions, traceDir: string): void {
  const given = devServer.static
  if (given === undefined || given === false || given === true) return
  const isInTraceDir = (path: string): boolean => path === traceDir || path.startsWith(`${traceDir}${sep}`)
  const entries = (Array.isArray(given) ? given : [given]).map((entry: unknown): unknown => {
    const object: StaticEntry | undefined = typeof entry === 'string' ? { directory: entry } : entry !== null && typeof entry === 'object' ? entry as StaticEntry : undefined
    if (object === undefined || object.watch === false) return entry
    const watch = typeof object.watch === 'object' && object.watch !== null ? object.watch : {}
    const ignored = watch.ignored === undefined ? [] : Array.isArray(watch.ignored) ? watch.ignored : [watch.ignored]
    return { ...object, watch: { ...watch, ignored: [...ignored, isInTraceDir] } }
  })
  devServer.static = Array.isArray(given) ? entries : entries[0]
}

interface DevServerLike {
  server?: Server
}

/** The part of a webpack or rspack compiler used here. */
export interface CompilerLike {
  options: { devServer?: DevServerOptions | false }
  hooks: { watchClose: { tap: (name: string, fn: () => void) => void }, shutdown?: { tapPromise: (name: string, fn: () => Promise<void>) => void } }
}

/**
 * Under `webpack serve` and `rspack serve` (isServeProcess), the page posts its
 * batches to `/__execscope` on the dev server, as under Vite's: this adds the collector to the dev
 * server's middlewares, through the `devServer` options the CLIs hand to it. It opens the trace
 * file when the dev server sets up (a build opens nothing) and lets go of it when watching stops.
 * `onOpen` gets the trace file, for the module manifests. A program that starts the dev server
 * itself must pass it `compiler.options.devServer`, as the CLIs do.
 */
export function addCollectorToDevServer(compiler: CompilerLike, options: DevCollectorOptions, onOpen: (trace: DevTraceFile) => void): void {
  const given = compiler.options.devServer
  if (given === false) return
  const devServer: DevServerOptions = given ?? {}
  compiler.options.devServer = devServer
  ignoreTraceDir(devServer, dirname(resolve(options.root, options.traceFile)))
  let trace: DevTraceFile | undefined
  const userSetup = devServer.setupMiddlewares
  devServer.setupMiddlewares = (middlewares, server) => {
    const list = userSetup ? userSetup(middlewares, server) : middlewares
    trace ??= joinDevTraceFile(options, true)
    onOpen(trace)
    // First, so that no proxy or history fallback of the app's answers the collector's routes.
    list.unshift({ name: 'execscope-collector', middleware: trace.middleware })
    return list
  }
  const userListening = devServer.onListening
  devServer.onListening = (server) => {
    userListening?.(server)
    // `server` is 'http', 'https', 'spdy' or `{ type, options }`.
    const type = typeof devServer.server === 'string' ? devServer.server : (devServer.server as { type?: string } | undefined)?.type ?? 'http'
    const url = collectorUrlOf(server.server?.address(), type !== 'http', options.basePath)
    if (url) trace?.advertise(url)
  }
  const letGo = (): Promise<void> => trace?.close() ?? Promise.resolve()
  compiler.hooks.watchClose.tap('execscope', () => void letGo())
  compiler.hooks.shutdown?.tapPromise('execscope', letGo)
}
