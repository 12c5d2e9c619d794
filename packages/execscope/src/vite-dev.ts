import type { AddressInfo } from 'node:net'
import type { Store } from '@execscope/store'
import type { ViteDevServer } from 'vite'
import type { SiteSink } from './factory.ts'
import type { Logger } from './logger.ts'
import { dirname, join, relative, resolve } from 'node:path'
import type { CollectorOptions, collectorMiddleware } from '@execscope/server'
import type { LoopbackCollector } from './loopback-collector.ts'
import { IN_PROCESS_RUNTIME_KEY } from './runtime-module.ts'
import { readSiteManifests } from './sites-file.ts'
import { SITES_DIR_NAME } from './trace-paths.ts'

/** The collector's base URL on this machine, from the address a dev server listens on. */
export function collectorUrlOf(address: AddressInfo | string | null | undefined, isHttps: boolean, basePath: string): string | undefined {
  if (!address || typeof address === 'string') return undefined
  const wildcard = address.address === '::' || address.address === '0.0.0.0'
  const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address
  return `${isHttps ? 'https' : 'http'}://${host}:${address.port}${basePath}`
}

export interface DevCollectorOptions {
  root: string
  traceFile: string
  basePath: string
  logger: Logger
  /**
   * Resolves when no more batches will come from Node processes (Vitest closes its server while
   * its workers still flush on SIGTERM); the loopback collector stays open until then.
   */
  settled?: () => Promise<void>
  /**
   * A build's site manifest to store when the file opens: `vite preview` serves a build, whose
   * modules are not transformed again, so their names come from what the build wrote.
   */
  sitesFile?: string
  /**
   * Ctrl+C (SIGINT) closes this server, and its trace file, before the process ends (see
   * `closeOnInterrupt`): for `vite dev` and `vite preview`, not for Vitest's server or a server in
   * middleware mode, whose process belongs to someone else.
   */
  closesOnInterrupt?: boolean
}

/** What the plugin needs from the dev server's collector. */
export type DevCollector = Pick<DevTraceFile, 'siteSink' | 'nodeEndpoint'>

/**
 * Dev and test collectors answer a batch once it is queued, not committed: the page, SSR code or
 * a test file flushing at its end then waits for a round trip, not for DuckDB. Refusals are logged.
 */
function queuedAck(logger: Logger): Pick<CollectorOptions, 'ack' | 'onBackgroundError'> {
  return { ack: 'queued', onBackgroundError: error => logger.warnOnce(`[execscope] A batch was not stored: ${error.message}`) }
}

/** One line at the end of a run (a Vitest run, a dev server stopped), saying what is in the trace and how to look. */
async function reportRecorded(store: Store, shown: string, logger: Logger): Promise<void> {
  try {
    // Batches are answered once queued: the last ones may still be on their way into the file.
    await store.settled()
    const { calls, sessions, throws, dropped, stateChanges } = await store.summary()
    if (calls === 0) return
    const extra = [throws > 0 ? `${throws} threw` : '', stateChanges > 0 ? `${stateChanges} state changes` : '', dropped > 0 ? `${dropped} events dropped` : ''].filter(Boolean).join(', ')
    logger.info(`[execscope] ${calls} calls from ${sessions} session${sessions === 1 ? '' : 's'}${extra ? ` (${extra})` : ''} in ${shown}; see them with: npx execscope summary ${shown}`)
  }
  catch {}
}

/**
 * One trace file's store and loopback collector, shared by every dev server of the process that
 * records into it: Vitest starts a server per project (and one more), and DuckDB must not have the
 * same file open twice. Closed when the last of them closes.
 */
interface SharedCollector {
  storePromise: Promise<Store>
  loopback: Promise<LoopbackCollector> | undefined
  users: number
}

/**
 * The process's shared collectors, on globalThis: Vite bundles a config file together with what it
 * imports by path (not from node_modules), so each config of a Vitest run with projects can bring
 * its own copy of this module, and the copies must still share one store per file.
 */
interface CollectorRegistry {
  sharedByFile: Map<string, SharedCollector>
  /**
   * Per trace file, the close of its last store, while it runs: a server that comes after the
   * last one closed, but before the file is, opens it once that close is over, never twice at once.
   */
  closingByFile: Map<string, Promise<void>>
  /** Files whose "Recording to" line was printed: reopened for a later server, it is not repeated. */
  announced: Set<string>
}

const { sharedByFile, closingByFile, announced } = ((globalThis as Record<symbol, unknown>)[Symbol.for('execscope.devCollectors')] ??= {
  sharedByFile: new Map(),
  closingByFile: new Map(),
  announced: new Set(),
} satisfies CollectorRegistry) as CollectorRegistry

function acquire(file: string, shown: string, options: DevCollectorOptions, hasHttp: boolean): SharedCollector {
  let shared = sharedByFile.get(file)
  if (!shared) {
    const previousClose = closingByFile.get(file) ?? Promise.resolve()
    // Loaded here, not with the plugin: a build never opens a trace, and DuckDB takes a fifth of a second to load.
    const storePromise = previousClose.then(async () => (await import('@execscope/store')).createStore({ file })).then(async (store) => {
      if (options.sitesFile) {
        try {
          for (const { moduleHash, sites } of readSiteManifests(options.sitesFile, join(dirname(options.sitesFile), SITES_DIR_NAME)).modules) await store.upsertSites(sites, moduleHash)
        }
        catch (error) {
          options.logger.warn(`[execscope] Could not read the build's function names: ${(error as Error).message} Calls will show as site ids.`)
        }
      }
      return store
    })
    storePromise.then(
      () => {
        if (announced.has(file)) return
        announced.add(file)
        options.logger.info(`[execscope] Recording to ${shown}${hasHttp ? `; collector at ${options.basePath}/` : ''}`)
      },
      (error: Error) => options.logger.warn(`[execscope] Could not open the trace file ${shown}: ${error.message.replace(/^\[execscope\] /, '')} Nothing will be recorded here.`),
    )
    shared = { storePromise, loopback: undefined, users: 0 }
    sharedByFile.set(file, shared)
  }
  shared.users++
  return shared
}

/**
 * SSR code runs in the dev server's own process (Vite's module runner), with a Node runtime that
 * ships to this server's collector on a timer. When the server closes, that runtime ships what it
 * recorded since its last tick (for up to 5 s, before Vite closes the module runner it was loaded
 * through) and stops: otherwise the records were lost with the file, and its retries to a
 * collector that is gone kept the process from exiting.
 */
async function stopInProcessRuntime(): Promise<void> {
  const key = Symbol.for(IN_PROCESS_RUNTIME_KEY)
  const runtime = (globalThis as Record<symbol, { flush?: () => Promise<void>, dispose?: () => void } | undefined>)[key]
  if (typeof runtime?.flush !== 'function') return
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<void>(resolve => (timer = setTimeout(resolve, 5000)))
  await Promise.race([runtime.flush().catch(() => {}), timeout])
  clearTimeout(timer)
  try {
    runtime.dispose?.()
  }
  catch {}
  delete (globalThis as Record<symbol, unknown>)[key]
}

/** One dev server's hold on the trace file it records into, shared with the process's other servers. */
export interface DevTraceFile {
  /** The collector's routes (connect/express middleware) on the trace file's store. */
  middleware: ReturnType<typeof collectorMiddleware>
  /** Tells `execscope sql` where to send queries while this process holds the file open. */
  advertise: (collectorBaseUrl: string) => void
  /** Base URL for the Node runtime (SSR, Vitest workers), on a loopback server started on first use. */
  nodeEndpoint: () => Promise<string>
  /** Where module manifests go. */
  siteSink: SiteSink
  /** Lets go of the file, after `options.settled`; the last server to let go closes it. Idempotent. */
  close: () => Promise<void>
}

/**
 * Opens the trace file, or joins the dev server of this process that has it open; the last server
 * to close closes it, so any DuckDB client can open it afterwards.
 */
export function joinDevTraceFile(options: DevCollectorOptions, hasHttp: boolean): DevTraceFile {
  const file = resolve(options.root, options.traceFile)
  const shown = relative(options.root, file) || file
  const shared = acquire(file, shown, options, hasHttp)
  const { storePromise } = shared
  const routes = import('@execscope/server').then(server => server.collectorMiddleware({ store: () => storePromise, basePath: options.basePath, ...queuedAck(options.logger) }))
  const middleware: DevTraceFile['middleware'] = (req, res, next) => {
    routes.then(route => route(req, res, next), next)
  }

  const advertise = (collectorBaseUrl: string): void => {
    storePromise.then(store => store.advertiseCollector(`${collectorBaseUrl}/api/sql`), () => {})
  }

  const nodeEndpoint = async (): Promise<string> => {
    shared.loopback ??= import('./loopback-collector.ts').then(({ startLoopbackCollector }) => startLoopbackCollector(() => storePromise, options.basePath, queuedAck(options.logger)))
    const collector = await shared.loopback
    advertise(collector.url)
    return collector.url
  }

  let closing: Promise<void> | undefined
  const close = (): Promise<void> => (closing ??= (async () => {
    await options.settled?.()
    if (--shared.users > 0) return
    sharedByFile.delete(file)
    const closed = (async () => {
      if (shared.loopback) await shared.loopback.then(collector => collector.close(), () => {})
      await storePromise.then(async (store) => {
        await reportRecorded(store, shown, options.logger)
        await store.close()
      }, () => {})
    })()
    closingByFile.set(file, closed)
    await closed
    if (closingByFile.get(file) === closed) closingByFile.delete(file)
  })())

  const siteSink: SiteSink = (rows, moduleHash) => {
    storePromise.then(store => store.upsertSites(rows, moduleHash)).catch((error: Error) => {
      options.logger.warnOnce(`[execscope] Could not store the sites of a module: ${error.message}`)
    })
  }
  return { middleware, advertise, nodeEndpoint, siteSink, close }
}

/** Servers of this process that Ctrl+C closes first (see closeOnInterrupt). */
const interruptible = new Set<{ close: () => Promise<void> }>()
let closingOnInterrupt = false

/**
 * Ctrl+C on `vite dev` or `vite preview`: Vite listens for no SIGINT, so the process ended at once,
 * before the trace file was closed (no closing line, its write-ahead log left beside it, the last
 * records of the server's own code lost). The servers are closed first (the in-process runtime's
 * last records shipped, the file closed, within 5 s); then the signal does what it would have done,
 * unless the app listens for it too (the app then decides). A second Ctrl+C does not wait.
 */
function closeOnInterrupt(signal: NodeJS.Signals): void {
  const end = (): void => {
    process.removeListener(signal, closeOnInterrupt)
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
  }
  if (closingOnInterrupt) return end()
  closingOnInterrupt = true
  const limit = setTimeout(end, 5000)
  limit.unref()
  void Promise.allSettled([...interruptible].map(server => server.close())).then(() => {
    clearTimeout(limit)
    end()
  })
}

/**
 * Joins the trace file (see joinDevTraceFile) and mounts the collector on the Vite dev server (and,
 * when Node code asks, on a loopback port); lets go of the file when the server closes.
 */
export function attachDevCollector(server: ViteDevServer, options: DevCollectorOptions): DevCollector {
  const trace = joinDevTraceFile(options, server.httpServer !== null)
  // Added directly (not from a returned function) so it runs before Vite's own middlewares.
  server.middlewares.use(trace.middleware)
  server.httpServer?.once('listening', () => {
    const url = collectorUrlOf(server.httpServer?.address(), Boolean(server.config.server.https), options.basePath)
    if (url) trace.advertise(url)
  })
  server.httpServer?.once('close', () => void trace.close())
  const originalClose = server.close.bind(server)
  // Wait for the trace file to be closed before server.close() resolves.
  server.close = async () => {
    interruptible.delete(server)
    // Not while Ctrl+C closes it: the Node runtime's own listener, called for the same signal
    // right after, would take itself for the only one and end the process before the file closes.
    if (interruptible.size === 0 && !closingOnInterrupt) process.removeListener('SIGINT', closeOnInterrupt)
    await stopInProcessRuntime()
    await originalClose()
    await trace.close()
  }
  if (options.closesOnInterrupt && server.httpServer) {
    interruptible.add(server)
    if (!process.listeners('SIGINT').includes(closeOnInterrupt)) process.on('SIGINT', closeOnInterrupt)
  }
  return trace
}
