import type { Store } from '@execscope/store'
import type { Context } from 'hono'
import type { CollectorOptions } from './collector-options.ts'
import { BatchFormatError, ExecscopeError } from '@execscope/core'
import { BatchContentError, BatchSequenceError, decodeBatch } from '@execscope/store'
import { Hono } from 'hono'
import { DEFAULT_MAX_BODY_BYTES, normalizeBasePath } from './collector-options.ts'
import { panelPage } from './panel-page.ts'
import { readBody } from './read-body.ts'

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function withPrefix(message: string): string {
  return message.startsWith('[execscope]') ? message : `[execscope] ${message}`
}

/**
 * The collector's routes as a Hono app:
 * - `POST {base}/ingest`: one binary batch; 204 stored, 202 held (it is ahead of its thread's
 *   sequence and waits in the reorder buffer for the batches before it; it is stored when they
 *   arrive, or with a gap after `reorder.holdMs`), 400 malformed or out of range, 409 duplicate,
 *   413 too large.
 * - `GET {base}/api/summary`: the trace summary as JSON.
 * - `POST {base}/api/sql`: JSON `{ sql }`, one read-only statement; answers `{ columns, rows, truncated }`.
 * - `GET {base}/` (and `{base}`): the trace page, which reads the two endpoints above.
 */
export function createCollectorApp(options: CollectorOptions): Hono {
  const base = normalizeBasePath(options.basePath)
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const maxSqlRows = options.maxSqlRows ?? 10_000
  let storePromise: Promise<Store> | undefined
  const getStore = (): Promise<Store> => (storePromise ??= typeof options.store === 'function' ? options.store() : Promise.resolve(options.store))

  const withStore = async (c: Context, json: boolean): Promise<Store | Response> => {
    try {
      return await getStore()
    }
    catch (error) {
      const message = `[execscope] The trace file is not open: ${messageOf(error).replace(/^\[execscope\] /, '')}`
      return json ? c.json({ error: message }, 503) : c.text(message, 503)
    }
  }

  const isQueuedAck = options.ack === 'queued'
  const app = new Hono()

  app.post(`${base}/ingest`, async (c) => {
    const bytes = await readBody(c.req, maxBodyBytes)
    if (bytes === 'too-large') return c.text(`[execscope] Batch rejected: the request body is larger than ${maxBodyBytes} bytes (maxBodyBytes). Nothing was stored.`, 413)
    let batch
    try {
      batch = decodeBatch(bytes)
    }
    catch (error) {
      if (error instanceof BatchFormatError) return c.text(`[execscope] Batch rejected: ${error.message}. Nothing was stored.`, 400)
      throw error
    }
    const store = await withStore(c, false)
    if (store instanceof Response) return store
    let onHeld!: () => void
    const held = new Promise<'held'>(resolve => (onHeld = () => resolve('held')))
    const stored = store.ingest(batch, { userAgent: c.req.header('user-agent'), onHeld })
    // Once answered 202 the sender has moved on; a later failure (the store closing, a disk error) loses the batch, like a crash would.
    stored.catch((error: unknown) => {
      if (isQueuedAck && !(error instanceof BatchSequenceError)) options.onBackgroundError?.(error as Error)
    })
    if (isQueuedAck) return c.body(null, 202)
    try {
      // A held batch is answered at once: browsers keep one upload in flight, and the wait can last reorder.holdMs.
      if (await Promise.race([stored, held]) === 'held') return c.body(null, 202)
    }
    catch (error) {
      if (error instanceof BatchSequenceError) return c.text((error as Error).message, 409)
      if (error instanceof BatchContentError) return c.text((error as Error).message, 400)
      return c.text(withPrefix(messageOf(error)), 500)
    }
    return c.body(null, 204)
  })

  // The runtime's account of itself (what it wrote, lost, and cost), sent with its last batches.
  app.post(`${base}/stats`, async (c) => {
    const bytes = await readBody(c.req, 64 << 10)
    if (bytes === 'too-large') return c.text('[execscope] Runtime stats larger than 64 KiB were rejected. Nothing was stored.', 413)
    let report: unknown
    try {
      report = JSON.parse(new TextDecoder().decode(bytes))
    }
    catch (error) {
      return c.text(`[execscope] Runtime stats rejected: the body is not valid JSON (${messageOf(error)}). Nothing was stored.`, 400)
    }
    const store = await withStore(c, false)
    if (store instanceof Response) return store
    if (isQueuedAck) {
      store.recordRuntimeStats(report).catch((error: unknown) => options.onBackgroundError?.(error as Error))
      return c.body(null, 202)
    }
    try {
      await store.recordRuntimeStats(report)
    }
    catch (error) {
      if (error instanceof ExecscopeError && error.code === 'ES_BAD_BATCH') return c.text(error.message, 400)
      return c.text(withPrefix(messageOf(error)), 500)
    }
    return c.body(null, 204)
  })

  const page = panelPage(base)
  const servePage = (c: Context): Response => c.html(page, 200, { 'cache-control': 'no-cache' })
  app.get(`${base}/`, servePage)
  if (base !== '') app.get(base, servePage)

  app.get(`${base}/api/summary`, async (c) => {
    const store = await withStore(c, true)
    if (store instanceof Response) return store
    try {
      return c.json(await store.summary())
    }
    catch (error) {
      return c.json({ error: withPrefix(messageOf(error)) }, 500)
    }
  })

  app.post(`${base}/api/sql`, async (c) => {
    // Requiring JSON makes cross-origin pages go through a CORS preflight, which they cannot pass.
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? ''))
      return c.json({ error: '[execscope] Send the query as JSON: Content-Type: application/json, body { "sql": "select …" }.' }, 415)
    const bytes = await readBody(c.req, 1 << 20)
    if (bytes === 'too-large') return c.json({ error: '[execscope] The SQL request is larger than 1 MiB.' }, 413)
    let sql: unknown
    try {
      sql = (JSON.parse(new TextDecoder().decode(bytes)) as { sql?: unknown } | null)?.sql
    }
    catch (error) {
      return c.json({ error: `[execscope] The request body is not valid JSON: ${messageOf(error)}.` }, 400)
    }
    if (typeof sql !== 'string' || sql.trim() === '')
      return c.json({ error: '[execscope] Expected a JSON body { "sql": "select …" } with a non-empty "sql" string.' }, 400)
    const store = await withStore(c, true)
    if (store instanceof Response) return store
    try {
      const table = await store.queryTable(sql, { maxRows: maxSqlRows })
      return c.json({ columns: table.columns, rows: table.rows, truncated: table.isTruncated })
    }
    catch (error) {
      const status = error instanceof ExecscopeError && error.code === 'ES_BAD_QUERY' ? 400 : 500
      return c.json({ error: withPrefix(messageOf(error)) }, status)
    }
  })

  return app
}
