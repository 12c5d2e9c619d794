import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CollectorOptions } from './collector-options.ts'
import { getRequestListener } from '@hono/node-server'
import { createCollectorApp } from './collector-app.ts'
import { normalizeBasePath } from './collector-options.ts'

// '' and '/' are the trace page: left to next(), Vite's SPA fallback would answer them with the app.
const ROUTES = ['', '/', '/ingest', '/stats', '/api/summary', '/api/sql']

/**
 * Node `(req, res, next)` middleware for Vite/connect: serves the collector's routes under
 * `basePath` and passes every other request to `next()` (so the app can serve them).
 *
 * @example
 * server.middlewares.use(collectorMiddleware({ store: () => createStore({ file }) }))
 */
export function collectorMiddleware(options: CollectorOptions): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
  const base = normalizeBasePath(options.basePath)
  const routes = new Set(ROUTES.map(route => base + route))
  // Leave the host process's global Request/Response alone: this runs inside someone else's server.
  const listener = getRequestListener(createCollectorApp(options).fetch, { overrideGlobalObjects: false })
  return function execscopeCollector(req, res, next) {
    // connect strips a mount prefix from req.url; originalUrl keeps the full path.
    const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/'
    const path = url.split('?')[0]!
    if (!routes.has(path)) {
      next()
      return
    }
    req.url = url
    listener(req, res).catch(next)
  }
}
