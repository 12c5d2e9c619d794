import type { Store } from '@execscope/store'
import process from 'node:process'
import { BATCH_HEADER_BYTES, sessionIdToHex } from '@execscope/core'
import { createCollectorApp } from '@execscope/server'
import { createStore } from '@execscope/store'
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import type { ListeningServer } from './http-listen.ts'
import { listenFetch } from './http-listen.ts'
import { readSiteManifests } from './sites-file.ts'

export interface StandaloneCollectorOptions {
  /** Trace file to record into (created if missing). */
  traceFile: string
  /** A build's site manifest to load first; a missing file is fine. */
  sitesFile: string
  /** Per-module manifests (`--import execscope/register`), loaded first and then as they appear. */
  sitesDir: string
  host: string
  /** 0 picks a free port. */
  port: number
  /** Path prefix of the routes. @default '/__execscope' */
  basePath?: string
  /** Fraction of sessions (page loads, processes) to keep, from 0 to 1; decided per session id. @default 1 */
  sampleRate?: number
  /** Origins allowed to send batches from a browser ('*' for any); none when empty. */
  corsOrigins?: string[]
  /** Where it says what the user should know (a browser origin it refuses). @default one line on stderr */
  log?: (line: string) => void
}

export interface StandaloneCollector {
  /** Base URL the runtimes send to, e.g. `http://127.0.0.1:4318/__execscope`. */
  url: string
  store: Store
  /** Sessions whose batches were answered but not stored because of sampling. */
  readonly sampledOut: number
  /** Stops listening, waits for requests in progress, closes the trace file. */
  close: () => Promise<void>
}

/** A session's place in [0, 1): FNV-1a over its id, so every thread of a session gets the same answer. @internal */
export function sessionPoint(sessionHex: string): number {
  let h = 0x811C9DC5
  for (let i = 0; i < sessionHex.length; i++) h = Math.imul(h ^ sessionHex.charCodeAt(i), 0x01000193)
  return (h >>> 0) / 4294967296
}

/**
 * The collector as its own server, for production or for Node programs run outside a dev server:
 * the same routes as the dev-server middleware, plus per-session sampling and CORS for browser
 * apps on other origins. While it runs, `execscope sql|summary` on the trace file go through it.
 */
export async function startStandaloneCollector(options: StandaloneCollectorOptions): Promise<StandaloneCollector> {
  const basePath = options.basePath ?? '/__execscope'
  const sampleRate = options.sampleRate ?? 1
  const store = await createStore({ file: options.traceFile })
  let listening: ListeningServer | undefined
  try {
    // Programs run with --import execscope/register write their manifests while they run: load
    // what is new every second.
    const loaded = new Set<string>()
    const loadSites = async (): Promise<void> => {
      for (const { moduleHash, sites } of readSiteManifests(options.sitesFile, options.sitesDir).modules) {
        const key = `${sites[0]?.file}#${moduleHash}`
        if (loaded.has(key)) continue
        loaded.add(key)
        await store.upsertSites(sites, moduleHash)
      }
    }
    await loadSites()
    const sitesTimer = setInterval(() => void loadSites().catch(() => {}), 1000)
    sitesTimer.unref()
    const sampledOutSessions = new Set<string>()
    const app = new Hono()
    // A page on an origin not allowed gets only a CORS error in its own console: say here, once
    // per origin, what lets it through. Only for what pages send (records and the runtime's
    // account of itself), and not for the collector's own trace page, whose queries are same-origin.
    const allowed = options.corsOrigins ?? []
    const refusedOrigins = new Set<string>()
    const sendPaths = new Set([`${basePath}/ingest`, `${basePath}/stats`])
    app.use(`${basePath}/*`, async (c, next) => {
      const origin = c.req.header('origin')
      const url = new URL(c.req.url)
      if (origin && sendPaths.has(url.pathname) && origin !== url.origin && !allowed.includes('*') && !allowed.includes(origin) && !refusedOrigins.has(origin)) {
        refusedOrigins.add(origin)
        ;(options.log ?? (line => process.stderr.write(`${line}\n`)))(`[execscope] A page at ${origin} is sending records, which its browser blocks: this collector allows ${allowed.length > 0 ? allowed.join(', ') : 'no browser origin'}. Start it with --cors ${[...allowed, origin].join(',')} to record it.`)
      }
      await next()
    })
    if (options.corsOrigins && options.corsOrigins.length > 0) {
      const origins = options.corsOrigins
      app.use(`${basePath}/ingest`, cors({ origin: origins.includes('*') ? '*' : origins, allowMethods: ['POST'] }))
      app.use(`${basePath}/stats`, cors({ origin: origins.includes('*') ? '*' : origins, allowMethods: ['POST'] }))
    }
    if (sampleRate < 1) {
      // Answered like a stored batch, so the runtime neither retries nor counts a loss.
      app.post(`${basePath}/ingest`, async (c, next) => {
        const body = new Uint8Array(await c.req.arrayBuffer())
        if (body.byteLength < BATCH_HEADER_BYTES) return next()
        const session = sessionIdToHex(body.subarray(8, 24))
        if (sessionPoint(session) < sampleRate) return next()
        sampledOutSessions.add(session)
        return c.body(null, 204)
      })
    }
    app.route('/', createCollectorApp({ store, basePath }))
    listening = await listenFetch(app.fetch, options.host, options.port)
    const server = listening
    const { port } = server
    const host = options.host.includes(':') ? `[${options.host}]` : options.host
    const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}${basePath}`
    store.advertiseCollector(`${url}/api/sql`)
    let closing: Promise<void> | undefined
    return {
      url,
      store,
      get sampledOut() {
        return sampledOutSessions.size
      },
      close: () => (closing ??= (async () => {
        clearInterval(sitesTimer)
        await server.close()
        await loadSites().catch(() => {})
        await store.close()
      })()),
    }
  }
  catch (error) {
    await listening?.close()
    await store.close()
    throw error
  }
}
