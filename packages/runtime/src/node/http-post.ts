import type { IncomingMessage, request } from 'node:http'

type Request = typeof request

// Loaded at the first request, not at start-up: a process that writes a file never pays for them.
let httpRequest: Request | undefined
let httpsRequest: Request | undefined

/** A request that hears nothing for this long (a collector that accepts and never answers) fails. */
const IDLE_TIMEOUT_MS = 30_000

/**
 * POSTs `body` and resolves with the status code once the (small) response has been read.
 * node:http rather than fetch: a process's first fetch loads undici, tens of milliseconds that
 * every short process (a test file's, a CLI's) would pay at its first flush. No keep-alive, so an
 * idle connection never holds the process open. Rejects on network errors, and when the collector
 * stays silent for IDLE_TIMEOUT_MS. With `unref`, the request does not keep the process alive: a
 * collector that hangs must not keep an app from ending (the caller decides how long to wait).
 */
export async function httpPost(url: string, body: Uint8Array | string, contentType: string, options: { unref?: boolean } = {}): Promise<number> {
  const target = new URL(url)
  const send: Request = target.protocol === 'https:'
    ? (httpsRequest ??= (await import('node:https')).request)
    : (httpRequest ??= (await import('node:http')).request)
  return await new Promise<number>((resolve, reject) => {
    const req = send(target, { method: 'POST', agent: false, headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) } }, (res: IncomingMessage) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.setTimeout(IDLE_TIMEOUT_MS, () => req.destroy(new Error(`no answer from ${target.origin} in ${IDLE_TIMEOUT_MS / 1000} s`)))
    if (options.unref === true) req.on('socket', socket => socket.unref())
    req.end(body)
  })
}
