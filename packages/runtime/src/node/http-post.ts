import type { IncomingMessage, request } from 'node:http'

type Request = typeof request

// Loaded at the first request, not at start-up: a process that writes a file never pays for them.
let httpRequest: Request | undefined
let httpsRequest: Request | undefined

/**
 * POSTs `body` and resolves with the status code once the (small) response has been read.
 * node:http rather than fetch: a process's first fetch loads undici, tens of milliseconds that
 * every short process (a test file's, a CLI's) would pay at its first flush. No keep-alive, so an
 * idle connection never holds the process open. Rejects on network errors.
 */
export async function httpPost(url: string, body: Uint8Array | string, contentType: string): Promise<number> {
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
    req.end(body)
  })
}
