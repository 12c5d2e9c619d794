import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { decodeBatch } from '@execscope/core'
import { instrument } from '@execscope/instrument'
import { createRecorder } from '@execscope/runtime'
import { createStore } from '@execscope/store'
import { afterAll, describe, expect, it } from 'vitest'

// A burst of calls fills the ring while `handler` and `burst` run; they return while it still
// refuses records, so their exits are lost. The calls recorded after the loss (`later`, a new
// top-level call, and the `leaf` it makes) must be stored at their real depth, not nested under
// the calls that ended in the loss.
const APP = `
export function leaf(n) { return n + 1 }
export function burst(n) { let s = 0; for (let i = 0; i < n; i++) s += leaf(i); return s }
export function handler(n) { return burst(n) }
export function later() { return leaf(1) }
export function inner(flush) { flush(); return leaf(1) }
export function outer(n, flush) { return burst(n) + inner(flush) }
`

const dir = mkdtempSync(join(tmpdir(), 'execscope-overflow-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const identity = { sessionId: new Uint8Array(16).fill(7), threadId: 0, timeOriginMs: 1_764_000_000_000 }

interface App { handler: (n: number) => number, later: () => number, outer: (n: number, flush: () => void) => number }

/** The app instrumented, running on a real recorder with a 64-record ring, and its sites by name. */
async function loadApp(name: string): Promise<{ app: App, recorder: ReturnType<typeof createRecorder>, siteOf: (fn: string) => number }> {
  const recorder = createRecorder({ ringCapacity: 64, timedCallsPerSite: 1 << 20, sampleEvery: 1 })
  const key = `__overflowTest_${name}`;
  (globalThis as Record<string, unknown>)[key] = recorder
  const runtime = join(dir, `${name}-runtime.mjs`)
  writeFileSync(runtime, `export const { e, r, x, a, s, u } = globalThis.${key}\n`)
  const out = instrument(APP, `${name}.js`, undefined, { runtimeSpecifier: pathToFileURL(runtime).href })
  if (!out) throw new Error('the app was left uninstrumented')
  const file = join(dir, `${name}.mjs`)
  writeFileSync(file, out.code)
  const app = await import(pathToFileURL(file).href) as App
  const siteOf = (fn: string): number => out.sites.find(site => site.name === fn)!.siteId
  return { app, recorder, siteOf }
}

/** Ingests every batch the recorder has and returns the calls as `site depth parent-site status`. */
async function storedCalls(name: string, batches: Uint8Array[], siteOf: (fn: string) => number): Promise<string[]> {
  const names = new Map(['leaf', 'burst', 'handler', 'later', 'inner', 'outer'].map(fn => [siteOf(fn), fn]))
  const store = await createStore({ file: join(dir, `${name}.duckdb`) })
  try {
    for (const bytes of batches) await store.ingest(decodeBatch(bytes))
    await store.close()
  }
  catch (error) {
    await store.close().catch(() => {})
    throw error
  }
  const reader = await createStore({ file: join(dir, `${name}.duckdb`), readOnly: true })
  try {
    const rows = await reader.query(`SELECT c.site_id, c.depth, p.site_id AS parent_site, c.status FROM calls c LEFT JOIN calls p ON p.call_id = c.parent_id
      WHERE c.site_id <> ${siteOf('leaf')} OR c.status <> 'return' OR c.depth = 0 OR p.site_id <> ${siteOf('burst')} ORDER BY c.call_id`) as Array<{ site_id: number, depth: number, parent_site: number | null, status: string }>
    return rows.map(r => `${names.get(r.site_id)} depth ${r.depth} in ${r.parent_site === null ? '-' : names.get(r.parent_site)} ${r.status}`)
  }
  finally {
    await reader.close()
  }
}

function drainAll(recorder: ReturnType<typeof createRecorder>, into: Uint8Array[]): void {
  for (let b; (b = recorder.drain(1 << 16, identity));) into.push(b.bytes)
}

describe('a full ring', () => {
  it('stores the calls after the loss at their real depth, and the calls that ended in it as unfinished', async () => {
    const { app, recorder, siteOf } = await loadApp('top')
    const batches: Uint8Array[] = []
    expect(app.handler(200)).toBe(20100)
    expect(recorder.ring.droppedTotal).toBeGreaterThan(300)
    drainAll(recorder, batches)
    expect(app.later()).toBe(2)
    drainAll(recorder, batches)
    // Leaf calls in burst that returned are left out of the list (the ring kept the first ones).
    // Before Drop records said how the stack moved, later and its leaf were stored inside the
    // leaf call that was running when the ring filled, three and four calls deep.
    expect(await storedCalls('top', batches, siteOf)).toEqual([
      'handler depth 0 in - unfinished',
      'burst depth 1 in handler unfinished',
      // The leaf call that was running when the ring filled.
      'leaf depth 2 in burst unfinished',
      'later depth 0 in - return',
      'leaf depth 1 in later return',
    ])
  })

  it('gives the calls entered in the loss their own exits, and their callees the recorded call below them', async () => {
    const { app, recorder, siteOf } = await loadApp('entered')
    const batches: Uint8Array[] = []
    // outer > burst fill the ring; burst returns and inner is entered while it refuses records;
    // inner's callback drains it (as the Node runtime's drain worker does while the app runs),
    // then inner calls leaf and returns, and outer returns.
    expect(app.outer(200, () => drainAll(recorder, batches))).toBe(20102)
    drainAll(recorder, batches)
    expect(await storedCalls('entered', batches, siteOf)).toEqual([
      'outer depth 0 in - return',
      'burst depth 1 in outer unfinished',
      'leaf depth 2 in burst unfinished',
      'leaf depth 1 in outer return',
    ])
  })
})
