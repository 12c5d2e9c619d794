import type { Browser } from 'playwright-core'
import type { ViteDevServer } from 'vite'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { copyPlayground, launchChromium, queryTrace, waitForCount } from '#test-utils'
import { createServer } from 'vite'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// The same user session the demo drives.
import { driveApp } from '../../playground/browser-app/drive.mjs'

type Seen = Awaited<ReturnType<typeof driveApp>>

const run = promisify(execFile)
const CLI = fileURLToPath(new URL('../../packages/execscope/bin/execscope.mjs', import.meta.url))

/** 1-based line of the first line of `file` that contains `needle`, read from the app's own source. */
function lineOf(dir: string, file: string, needle: string): number {
  const index = readFileSync(join(dir, file), 'utf8').split('\n').findIndex(line => line.includes(needle))
  if (index < 0) throw new Error(`${needle} not found in ${file}`)
  return index + 1
}

async function runSession(browser: Browser, dir: string, configFile: string): Promise<{ seen: Seen, server: ViteDevServer, url: string }> {
  const server = await createServer({ root: dir, configFile, logLevel: 'error', server: { host: '127.0.0.1', port: 0 } })
  await server.listen()
  const url = server.resolvedUrls!.local[0]!
  const page = await browser.newPage()
  const errors: string[] = []
  page.on('pageerror', error => errors.push(error.message))
  const seen = await driveApp(page, url)
  // The worker ships on its own timer: wait for its side of the five lists the page posted it.
  if (configFile.endsWith('vite.config.ts')) await waitForCount(url, 'select count(*) from message_receives where direction = \'down\'', 5)
  await page.close()
  expect(errors).toEqual([])
  return { seen, server, url }
}

describe('vite dev + chromium → DuckDB', () => {
  let browser: Browser
  let app: ReturnType<typeof copyPlayground>
  let instrumented: Seen
  let plain: Seen
  let badBatch: { status: number, body: string, callsBefore: number, callsAfter: number }
  let trace: string
  let liveQuery: { stdout: string, stderr: string }

  beforeAll(async () => {
    app = copyPlayground('browser-app')
    trace = join(app.dir, '.execscope/trace.duckdb')
    // The same app without the plugin, to prove instrumentation changes nothing the user sees.
    writeFileSync(join(app.dir, 'vite.plain.config.ts'), `import { defineConfig } from 'vite'\nexport default defineConfig({})\n`)
    browser = await launchChromium()

    const withPlugin = await runSession(browser, app.dir, join(app.dir, 'vite.config.ts'))
    instrumented = withPlugin.seen
    // A malformed batch against the live collector: rejected with a reason, nothing stored.
    const count = async (): Promise<number> => {
      const response = await fetch(new URL('/__execscope/api/sql', withPlugin.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: 'select count(*) as n from calls' }) })
      const body = await response.json() as { rows: Array<Record<string, unknown>> | unknown[][] }
      const row = body.rows[0]!
      return Number(Array.isArray(row) ? row[0] : Object.values(row)[0])
    }
    const callsBefore = await count()
    const garbage = new Uint8Array(64).fill(7)
    const response = await fetch(new URL('/__execscope/ingest', withPlugin.url), { method: 'POST', body: garbage, headers: { 'content-type': 'application/octet-stream' } })
    badBatch = { status: response.status, body: await response.text(), callsBefore, callsAfter: await count() }
    // The file is locked by the dev server: the CLI must still answer, through the collector.
    liveQuery = await run(process.execPath, [CLI, 'sql', trace, 'select count(*) as n from sites where name = \'TodoStore.add\''])
    await withPlugin.server.close()

    const withoutPlugin = await runSession(browser, app.dir, join(app.dir, 'vite.plain.config.ts'))
    plain = withoutPlugin.seen
    await withoutPlugin.server.close()
  })

  afterAll(async () => {
    await browser?.close()
    app?.cleanup()
  })

  it('leaves what the user sees unchanged', () => {
    expect(instrumented).toEqual(plain)
    expect(instrumented).toMatchInlineSnapshot(`
      {
        "error": "A task needs a title",
        "items": [
          "Open the trace in DuckDB",
          "Buy milk",
          "Ship the demo",
        ],
        "remaining": "3 items left",
        "saved": "Saved 3",
        "stats": "3 tasks, 10 words",
      }
    `)
  })

  it('writes the trace into the app root', () => {
    expect(existsSync(trace)).toBe(true)
  })

  it('records calls with their names and source lines', async () => {
    const sites = await queryTrace(trace, `
      select name, file, line, kind from sites
      where name in ('TodoStore.add', 'parseTitle', 'addFromInput', 'fetchSeed', 'normalizeSeed', 'render', 'plural')
      order by name`)
    expect(sites).toEqual([
      { name: 'TodoStore.add', file: 'src/todo-store.ts', line: lineOf(app.dir, 'src/todo-store.ts', 'add(input: string)'), kind: 'method' },
      { name: 'addFromInput', file: 'src/main.ts', line: lineOf(app.dir, 'src/main.ts', 'function addFromInput'), kind: 'function' },
      { name: 'fetchSeed', file: 'src/api.ts', line: lineOf(app.dir, 'src/api.ts', 'async function fetchSeed'), kind: 'function' },
      { name: 'normalizeSeed', file: 'src/api.ts', line: lineOf(app.dir, 'src/api.ts', 'function normalizeSeed'), kind: 'function' },
      { name: 'parseTitle', file: 'src/todo.ts', line: lineOf(app.dir, 'src/todo.ts', 'export function parseTitle'), kind: 'function' },
      { name: 'plural', file: 'src/format.ts', line: lineOf(app.dir, 'src/format.ts', 'export function plural'), kind: 'function' },
      { name: 'render', file: 'src/render.ts', line: lineOf(app.dir, 'src/render.ts', 'export function render'), kind: 'function' },
    ])
    const [{ n }] = await queryTrace(trace, 'select count(*) as n from calls') as [{ n: number }]
    expect(n).toBeGreaterThan(50)
  })

  it('links parents to children: addFromInput → TodoStore.add → parseTitle', async () => {
    const rows = await queryTrace(trace, `
      select s.name as child, p.name as parent, g.name as grandparent, c.status, c.depth - pc.depth as step
      from calls c
      join sites s on s.site_id = c.site_id
      join calls pc on pc.call_id = c.parent_id join sites p on p.site_id = pc.site_id
      join calls gc on gc.call_id = pc.parent_id join sites g on g.site_id = gc.site_id
      where s.name = 'parseTitle'
      order by c.ts`)
    // Three titles were submitted: two valid, one blank.
    expect(rows).toEqual([
      { child: 'parseTitle', parent: 'TodoStore.add', grandparent: 'addFromInput', status: 'return', step: 1 },
      { child: 'parseTitle', parent: 'TodoStore.add', grandparent: 'addFromInput', status: 'throw', step: 1 },
      { child: 'parseTitle', parent: 'TodoStore.add', grandparent: 'addFromInput', status: 'return', step: 1 },
    ])
  })

  it('records the thrown-and-caught error as a throw that its catcher survives', async () => {
    const rows = await queryTrace(trace, `
      select s.name as thrower, c.status, ps.name as via, p.status as via_status, gs.name as catcher, g.status as catcher_status
      from calls c join sites s on s.site_id = c.site_id
      join calls p on p.call_id = c.parent_id join sites ps on ps.site_id = p.site_id
      join calls g on g.call_id = p.parent_id join sites gs on gs.site_id = g.site_id
      where c.status = 'throw' and s.name = 'parseTitle'`)
    expect(rows).toEqual([
      { thrower: 'parseTitle', status: 'throw', via: 'TodoStore.add', via_status: 'throw', catcher: 'addFromInput', catcher_status: 'return' },
    ])
    // The error passed through exactly two frames and no other call threw.
    expect(await queryTrace(trace, `select count(*) as throws from calls where status = 'throw'`)).toEqual([{ throws: 2 }])
  })

  it('keeps an async function one logical call across its awaits', async () => {
    const rows = await queryTrace(trace, `
      select s.name, c.status, c.segments, c.async_id is not null as is_async,
             (select ps.name from calls p join sites ps using (site_id) where p.call_id = c.parent_id) as parent
      from calls c join sites s using (site_id)
      where s.name in ('fetchSeed', 'normalizeSeed')
      order by c.ts`)
    expect(rows).toEqual([
      // fetch, response.json(): two awaits, three segments.
      { name: 'fetchSeed', status: 'return', segments: 3, is_async: true, parent: 'start' },
      { name: 'normalizeSeed', status: 'return', segments: 1, is_async: false, parent: 'fetchSeed' },
    ])
  })

  it('records timer callbacks and their async work', async () => {
    const rows = await queryTrace(trace, `
      select distinct s.name as child, ps.name as parent
      from calls c join sites s using (site_id) join calls p on p.call_id = c.parent_id join sites ps on ps.site_id = p.site_id
      where s.name = 'saveSnapshot'`)
    expect(rows).toHaveLength(1)
    expect(rows[0]!.parent).toMatch(/^startAutosave\./)
  })

  it('explains a call with why(): a save goes back through its interval to the call that started it', async () => {
    const steps = await queryTrace(trace, `
      select step, via, name from why((select min(c.call_id) from calls c join sites s using (site_id) where s.name = 'saveSnapshot'))`)
    expect(steps.map(step => `${step.via} ${step.name}`)).toEqual([
      'self saveSnapshot',
      `async-caller ${steps[1]!.name}`,
      'timer startAutosave',
      'caller start',
    ])
    expect(steps[1]!.name).toMatch(/^startAutosave\.<arrow@/)
  })

  it('traces a click handler back to the click: its chain ends at an event from outside the app', async () => {
    const steps = await queryTrace(trace, `
      select via, name, origin from why((select min(c.call_id) from calls c join sites s using (site_id) where s.name = 'parseTitle'))`)
    expect(steps.map(step => step.via)).toEqual(['self', 'caller', 'caller', 'caller', 'event'])
    expect(steps.slice(0, 3).map(step => step.name)).toEqual(['parseTitle', 'TodoStore.add', 'addFromInput'])
    expect(steps[4]!.name).toBeNull()
    // What the input was: the form's submit (the probes read its type and target with the browser's own getters).
    expect(steps.map(step => step.origin)).toEqual([null, null, null, null, 'submit on form#add-form'])
  })

  it('records what each call was given and returned, and what the failing one threw', async () => {
    const rows = await queryTrace(trace, `
      select s.name, v.role::varchar as role, v.preview::varchar as preview from values v join sites s using (site_id)
      where s.name in ('TodoStore.add', 'parseTitle') order by v.call_id, v.role`)
    expect(rows).toEqual([
      { name: 'TodoStore.add', role: 'returned', preview: '{"id":4,"title":"Buy milk","done":false}' },
      { name: 'TodoStore.add', role: 'arguments', preview: '{"input":"Buy milk"}' },
      { name: 'parseTitle', role: 'returned', preview: '"Buy milk"' },
      { name: 'parseTitle', role: 'arguments', preview: '{"input":"Buy milk"}' },
      { name: 'TodoStore.add', role: 'arguments', preview: '{"input":"   "}' },
      { name: 'parseTitle', role: 'thrown', preview: expect.stringMatching(/^\["err","ValidationError","A task needs a title",/) },
      { name: 'parseTitle', role: 'arguments', preview: '{"input":"   "}' },
      { name: 'TodoStore.add', role: 'returned', preview: '{"id":6,"title":"Ship the demo","done":false}' },
      { name: 'TodoStore.add', role: 'arguments', preview: '{"input":"Ship   the demo"}' },
      { name: 'parseTitle', role: 'returned', preview: '"Ship the demo"' },
      { name: 'parseTitle', role: 'arguments', preview: '{"input":"Ship   the demo"}' },
    ])
    // The browser's thrown values feed the errors view: the throw and the frame it passed through.
    expect(await queryTrace(trace, 'select name, error_name, error_message, is_origin from errors order by is_origin desc')).toEqual([
      { name: 'parseTitle', error_name: 'ValidationError', error_message: 'A task needs a title', is_origin: true },
      { name: 'TodoStore.add', error_name: 'ValidationError', error_message: 'A task needs a title', is_origin: false },
    ])
  })

  it('records the store\'s state: every change of its private fields, with the call that made it and both values', async () => {
    const history = await queryTrace(trace, `select key, old_preview, new_preview, call_name from state_history('TodoStore#1')`) as Array<{ key: string, old_preview: string | null, new_preview: string, call_name: string }>
    const titles = (preview: string | null): string[] => (preview === null ? [] : (JSON.parse(preview) as [string, Array<{ title: string }>])[1].map(item => item.title))
    const items = history.filter(change => change.key === '#items')
    expect(items.map(change => change.call_name)).toEqual(['TodoStore.load', 'TodoStore.add', 'TodoStore.add', 'TodoStore.toggle', 'TodoStore.clearDone'])
    expect(items.map(change => titles(change.new_preview).length)).toEqual([3, 4, 5, 5, 3])
    // Each change starts from the value the one before it left.
    for (let i = 1; i < items.length; i++) expect(items[i]!.old_preview).toBe(items[i - 1]!.new_preview)
    expect(titles(items.at(-1)!.new_preview)).toEqual(['Open the trace in DuckDB', 'Buy milk', 'Ship the demo'])
    // The empty title throws after the id was taken: the counter moved on anyway, as the app did.
    const ids = history.filter(change => change.key === '#nextId').map(change => Number(change.new_preview))
    expect(ids).toEqual([4, 5, 6, 7])
    const [{ value }] = await queryTrace(trace, `select value from state_at('TodoStore#1', (select max(ts) from state_changes)) where key = '#nextId'`) as [{ value: string }]
    expect(value).toBe('7')
  })

  it('records how fine the page\'s clock is', async () => {
    const [{ ns }] = await queryTrace(trace, 'select clock_resolution_ns as ns from thread_clocks') as [{ ns: number }]
    // Chromium coarsens performance.now() (100 µs, or 5 µs when cross-origin isolated), with jitter.
    expect(ns).toBeGreaterThan(0)
    expect(ns).toBeLessThanOrEqual(200_000)
  })

  it('stores sessions and threads, and lost nothing', async () => {
    expect(await queryTrace(trace, 'select count(*) as sessions from sessions')).toEqual([{ sessions: 1 }])
    // The stats worker joined the page's session as thread 1.
    expect(await queryTrace(trace, 'select thread_id from threads order by thread_id')).toEqual([{ thread_id: 0 }, { thread_id: 1 }])
    expect(await queryTrace(trace, 'select count(*) as drops from drops')).toEqual([{ drops: 0 }])
    // Only an async call can still be suspended (awaiting a timer) when the page goes away.
    expect(await queryTrace(trace, `select count(*) as open from calls where status = 'unfinished' and async_id is null`)).toEqual([{ open: 0 }])
  })

  it('pairs the messages between the page and its worker, each with the call that posted it and the one that received it', async () => {
    const rows = await queryTrace(trace, `
      select m.direction::varchar as direction, m.number, m.channel,
             ss.name as sender, rs.name as receiver,
             -- One clock for both threads: each receipt after its send, within Chromium's coarsening of
             -- both clocks and time origins (100 µs each), and not seconds later.
             m.recv_ts - m.send_ts between -400000 and 1000000000 as in_order
      from message_pairs m
      left join calls sc on sc.call_id = m.send_call_id left join sites ss on ss.site_id = sc.site_id
      left join calls rc on rc.call_id = m.recv_call_id left join sites rs on rs.site_id = rc.site_id
      order by m.direction, m.number`) as Array<{ direction: string, number: number, channel: number, sender: string, receiver: string, in_order: boolean }>
    // One list per change of the store (load, two adds, toggle, clear), one answer per list.
    expect(rows.map(row => `${row.direction} ${row.number}`)).toEqual([1, 2, 3, 4, 5].map(n => `down ${n}`).concat([1, 2, 3, 4, 5].map(n => `up ${n}`)))
    expect(new Set(rows.map(row => row.channel))).toEqual(new Set([1]))
    expect(rows.every(row => row.in_order)).toBe(true)
    for (const row of rows.filter(row => row.direction === 'down')) {
      expect(row.sender).toMatch(/^startStats\.<arrow@/)
      expect(row.receiver).toBe('globalThis.addEventListener("message")')
    }
    for (const row of rows.filter(row => row.direction === 'up')) {
      expect(row.sender).toBe('globalThis.addEventListener("message")')
      expect(row.receiver).toBe('worker.onmessage')
    }
    // The handshake that joined the worker to the page's session reached neither app: each listener ran once per list.
    expect(await queryTrace(trace, `select s.name, count(*) as n from calls c join sites s using (site_id)
      where s.name in ('worker.onmessage', 'globalThis.addEventListener("message")') group by all order by s.name`)).toEqual([
      { name: 'globalThis.addEventListener("message")', n: 5 },
      { name: 'worker.onmessage', n: 5 },
    ])
    // The worker's listener ran the word count for each list it was sent.
    expect(await queryTrace(trace, `select count(*) as n from calls c join sites s using (site_id) join threads t using (utid) where s.name = 'countWords' and t.thread_id = 1`)).toEqual([{ n: 3 + 4 + 5 + 5 + 3 }])
  })

  it('has the page\'s and the worker\'s own account of what recording cost them', async () => {
    const rows = await queryTrace(trace, 'select thread_id, records, drops, estimated_overhead from runtime_cost order by thread_id') as Array<{ thread_id: number, records: number, drops: number, estimated_overhead: number }>
    expect(rows.map(row => row.thread_id)).toEqual([0, 1])
    for (const row of rows) {
      expect(row.records).toBeGreaterThan(0)
      expect(row.drops).toBe(0)
      expect(row.estimated_overhead).toBeGreaterThan(0)
      expect(row.estimated_overhead).toBeLessThan(1)
    }
  })

  it('answers `execscope sql` on the trace file while the dev server holds it', () => {
    expect(liveQuery.stdout).toBe('n\n1\n')
    expect(liveQuery.stderr).toBe('')
  })

  it('rejects a malformed batch with 400 and the reason, storing nothing', () => {
    expect(badBatch.status).toBe(400)
    expect(badBatch.body).toMatch(/^\[execscope\] Batch rejected: bad magic 0x07070707/)
    expect(badBatch.body).toMatch(/Nothing was stored\.$/)
    expect(badBatch.callsAfter).toBe(badBatch.callsBefore)
  })
})
