import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createServer } from 'node:http'
import { ExecscopeError } from '@execscope/core'
import { getRequestListener } from '@hono/node-server'

/** A node:http server answering with a fetch-style handler (a Hono app's `fetch`). */
export interface ListeningServer {
  server: Server
  /** The port it listens on (the one picked when 0 was asked for). */
  port: number
  /** Stops accepting connections, lets the requests in progress finish, and closes idle ones. */
  close: () => Promise<void>
}

/**
 * Serves `fetch` on `host`:`port` and resolves once it listens (rejects with the listen error).
 * `overrideGlobalObjects: false` leaves the process's global Request/Response alone, for servers
 * that run inside someone else's tool.
 */
export async function listenFetch(fetch: (request: Request) => Response | Promise<Response>, host: string, port: number, options: { overrideGlobalObjects?: boolean } = {}): Promise<ListeningServer> {
  const listener = getRequestListener(fetch, { overrideGlobalObjects: options.overrideGlobalObjects })
  const server = createServer((req, res) => void listener(req, res))
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      // The usual mistakes get the way out in the message.
      if (error.code === 'EADDRINUSE') reject(new ExecscopeError('ES_BAD_OPTION', `Port ${port} on ${host} is in use (another collector, or another server). Stop it, or choose another port (execscope serve --port <n>; 0 picks a free one).`, { cause: error }))
      else if (error.code === 'EACCES') reject(new ExecscopeError('ES_BAD_OPTION', `Not allowed to listen on port ${port} of ${host} (ports below 1024 need privileges). Choose another port (--port <n>).`, { cause: error }))
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new ExecscopeError('ES_BAD_OPTION', `Cannot listen on ${host}: no such interface on this machine. Use 127.0.0.1, 0.0.0.0 or one of this machine's addresses (--host).`, { cause: error }))
      else reject(error)
    })
    server.listen(port, host, () => resolve())
  })
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeIdleConnections()
    }),
  }
}
