import type { Store } from '@execscope/store'
import type { CollectorOptions } from '@execscope/server'
import { createCollectorApp } from '@execscope/server'
import { listenFetch } from './http-listen.ts'

/** A collector listening on the loopback interface, for code that runs in Node processes. */
export interface LoopbackCollector {
  /** Absolute base URL, e.g. `http://127.0.0.1:39123/__execscope`. */
  url: string
  /** Stops accepting requests, lets the ones in progress finish, and closes idle connections. */
  close: () => Promise<void>
}

/**
 * Serves the collector's routes on 127.0.0.1 at a free port. Vitest and Vite's SSR run the app's
 * code in Node processes (Vitest's workers have no dev-server URL to post to; Vitest does not
 * even listen), so the Node runtime gets this absolute URL instead.
 */
export async function startLoopbackCollector(store: () => Promise<Store>, basePath: string, options: Pick<CollectorOptions, 'ack' | 'onBackgroundError'> = {}): Promise<LoopbackCollector> {
  // Leave the host process's global Request/Response alone: this runs inside someone else's tool.
  const listening = await listenFetch(createCollectorApp({ ...options, store, basePath }).fetch, '127.0.0.1', 0, { overrideGlobalObjects: false })
  // Never keep the host process alive for the collector's sake.
  listening.server.unref()
  return { url: `http://127.0.0.1:${listening.port}${basePath}`, close: listening.close }
}
