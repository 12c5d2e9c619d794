import type { SiteRow } from '@execscope/core'
import type { Store } from './index.ts'
import { spawn } from 'node:child_process'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { DuckDBInstance } from '@duckdb/node-api'
import { ExecscopeError, LinkKind } from '@execscope/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { formatRows, tempStore } from '../test/helpers.ts'
import { trace } from '../test/trace-builder.ts'
import { BatchSequenceError, createStore } from './index.ts'

const CALLS = 'SELECT call_id, parent_id, depth, site_id, ts, dur, self_dur, status, timing, async_id, segments FROM calls ORDER BY call_id'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

async function open(options: Parameters<typeof tempStore>[0] = {}): Promise<{ store: Store, file: string }> {
  const opened = await tempStore(options)
  cleanups.push(opened.dispose)
  return opened
}

async function rows(store: Store, sql: string): Promise<string> {
  return formatRows(await store.query(sql))
}

describe('createStore', () => {
  it('says per function whether durations are measured, sampled or estimated, and per thread how fine its clock is', async () => {
    const { store } = await open()
    // Function 1: every call timed. Function 2: timed, then untimed (sampled). Function 3: never timed.
    const t = trace().resolution(100_000)
      .enter(1, 1000).exit(1, 2000)
      .enter(2, 3000).exit(2, 3500).enter(2).exit(2).enter(2).exit(2)
      .enter(3).exit(3)
    await store.ingest(t.batch())
    const b = trace().resolution(40).enter(1, 1000).exit(1, 1200)
    await store.ingest(b.batch({ threadId: 1 }))
    // Percentiles are of the measured calls: the untimed ones' estimated 0 ns would make function 2's median 0.
    expect(await rows(store, 'SELECT site_id, calls, timing, measured_calls, p50_dur, p95_dur FROM calls_slowest ORDER BY site_id')).toMatchInlineSnapshot(`
      "
      site_id calls timing    measured_calls p50_dur p95_dur
      1       2     measured  2              204     1000
      2       3     sampled   1              500     500
      3       1     estimated 0              NULL    NULL
      "
    `)
    expect(await rows(store, 'SELECT site_id, p50_dur, p95_dur FROM calls_slowest_exact ORDER BY site_id')).toMatchInlineSnapshot(`
      "
      site_id p50_dur p95_dur
      1       600     960
      2       500     500
      3       NULL    NULL
      "
    `)
    expect(await rows(store, 'SELECT thread_id, clock_resolution_ns FROM thread_clocks ORDER BY thread_id')).toMatchInlineSnapshot(`
      "
      thread_id clock_resolution_ns
      0         100000
      1         40
      "
    `)
  })

  it('settles once every batch handed over is stored, including one held for a gap and the ones handed over meanwhile', async () => {
    const { store } = await open({ reorder: { holdMs: 50 } })
    const t = trace()
    for (let i = 0; i < 40; i++) t.enter(1).exit(1)
    const [first, second, third] = t.batches([20, 40])
    const ingests: Array<Promise<unknown>> = []
    // Ahead of its thread: held until the reorder window closes, then stored with its gap.
    ingests.push(store.ingest(third!))
    ingests.push(store.ingest(first!))
    const settling = store.settled()
    // Handed over while settled() waits: waited for too.
    ingests.push(store.ingest(second!))
    const states = ingests.map(() => 'pending')
    ingests.forEach((p, i) => p.then(() => (states[i] = 'stored'), () => (states[i] = 'refused')))
    await settling
    expect(states).toEqual(['stored', 'stored', 'stored'])
    expect((await store.summary()).calls).toBe(40)
  })

  it('stores nested sync calls with parents, depth and self time', async () => {
    const { store } = await open()
    const t = trace()
      .enter(1, 1000).enter(2, 1100).enter(3, 1200).exit(3, 1500).exit(2, 1700)
      .enter(4, 1800).exit(4, 1900).exit(1, 2000)
    expect(await store.ingest(t.batch())).toEqual({ calls: 4, dropped: 0, openCalls: 0 })
    expect(await rows(store, CALLS)).toMatchInlineSnapshot(`
      "
      call_id parent_id depth site_id ts   dur  self_dur status timing   async_id segments
      1       NULL      0     1       1000 1000 300      return measured NULL     1
      2       1         1     2       1100 600  300      return measured NULL     1
      3       2         2     3       1200 300  300      return measured NULL     1
      4       1         1     4       1800 100  100      return measured NULL     1
      "
    `)
  })

  it('stores a throw and the calls around it', async () => {
    const { store } = await open()
    const t = trace().enter(1, 0).enter(2, 10).throws(2, 30).enter(3, 40).exit(3, 50).throws(1, 60)
    await store.ingest(t.batch())
    expect(await rows(store, CALLS)).toMatchInlineSnapshot(`
      "
      call_id parent_id depth site_id ts dur self_dur status timing   async_id segments
      1       NULL      0     1       0  60  30       throw  measured NULL     1
      2       1         1     2       10 20  20       throw  measured NULL     1
      3       1         1     3       40 10  10       return measured NULL     1
      "
    `)
  })

  it('pairs two async calls suspended and resumed in alternation by async id', async () => {
    const { store } = await open()
    const t = trace()
      .enter(1, 0) // main, sync
      .enter(10, 10, 1).suspend(10, 1, 20) // A: first segment, then await
      .enter(11, 30, 2).suspend(11, 2, 40) // B: first segment, then await
      .exit(1, 50)
      .resume(10, 1, 100).enter(5, 110).exit(5, 120).suspend(10, 1, 130) // A: second segment calls f
      .resume(11, 2, 200).exit(11, 210, 2) // B: second segment ends
      .resume(10, 1, 300).exit(10, 310, 1) // A: third segment ends
    await store.ingest(t.batch())
    expect(await rows(store, CALLS)).toMatchInlineSnapshot(`
      "
      call_id parent_id depth site_id ts  dur self_dur status timing   async_id segments
      1       NULL      0     1       0   50  30       return measured NULL     1
      2       1         1     10      10  300 40       return measured 1        3
      3       1         1     11      30  180 20       return measured 2        2
      4       2         2     5       110 10  10       return measured NULL     1
      "
    `)
  })

  it('writes calls still open at close as unfinished', async () => {
    const { store, file } = await open()
    await store.ingest(trace().enter(1, 100).enter(2, 200).exit(2, 300).enter(10, 400, 7).suspend(10, 7, 450).batch())
    await store.close()
    const reopened = await createStore({ file, readOnly: true })
    cleanups.push(() => reopened.close())
    expect(await rows(reopened, CALLS)).toMatchInlineSnapshot(`
      "
      call_id parent_id depth site_id ts  dur self_dur status     timing    async_id segments
      1       NULL      0     1       100 350 200      unfinished estimated NULL     1
      2       1         1     2       200 100 100      return     measured  NULL     1
      3       1         1     10      400 50  50       unfinished estimated 7        1
      "
    `)
  })

  it('refuses to read a trace file that does not exist, saying how to record one', async () => {
    const { file } = await open()
    const missing = `${file}.missing.duckdb`
    await expect(createStore({ file: missing, readOnly: true })).rejects.toThrow(`The trace file ${missing} does not exist. Record a trace first: run the app built or served with the execscope plugin, a Node program with node --import execscope/register, or tests under Vitest with the plugin or Jest with execscope/jest.`)
  })

  it('records a sequence gap as a drop and goes on', async () => {
    const { store } = await open()
    const t = trace().enter(1, 0).exit(1, 10).enter(2, 20).exit(2, 30)
    await store.ingest(t.batch({ firstSeq: 0 }))
    // The next batch should start at record 5 (a Clock anchor and 4 call records); it starts at 10.
    expect(t.records.length).toBe(5)
    expect(await store.ingest(trace().enter(9, 1000).exit(9, 1010).batch({ firstSeq: 10 }))).toMatchObject({ dropped: 5 })
    expect(await rows(store, 'SELECT thread_id, ts, count, reason FROM drops')).toMatchInlineSnapshot(`
      "
      thread_id ts count reason
      0         30 5     gap
      "
    `)
    expect(await rows(store, 'SELECT count(*) AS calls FROM calls')).toMatchInlineSnapshot(`
      "
      calls
      3
      "
    `)
  })

  it('rejects a duplicate batch and stores nothing of it', async () => {
    const { store } = await open()
    const t = trace().enter(1, 0).exit(1, 10)
    await store.ingest(t.batch())
    const error = await store.ingest(t.batch()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BatchSequenceError)
    expect((error as Error).message).toMatchInlineSnapshot(`"[execscope] Batch rejected: thread 0 of session a0a1a2a3a4a5a6a7a8a9aaabacadae01 sent records from 0, but records up to 2 are already stored (expected 3 next); it is a duplicate or arrived out of order. Nothing was stored."`)
    expect(await rows(store, 'SELECT (SELECT count(*) FROM calls) AS calls, (SELECT count(*) FROM drops) AS drops')).toMatchInlineSnapshot(`
      "
      calls drops
      1     0
      "
    `)
  })

  it('continues call ids and sequence numbers when the file is reopened', async () => {
    const { store, file } = await open()
    const t = trace().enter(1, 0).enter(2, 5).exit(2, 6).exit(1, 10)
    await store.ingest(t.batch())
    await store.close()
    const reopened = await createStore({ file })
    cleanups.push(() => reopened.close())
    await expect(reopened.ingest(t.batch())).rejects.toBeInstanceOf(BatchSequenceError)
    await reopened.ingest(trace().enter(3, 0).exit(3, 1).batch({ session: 2 }))
    expect(await rows(reopened, 'SELECT call_id, parent_id, site_id, session_id[-2:] AS session FROM calls_named ORDER BY call_id')).toMatchInlineSnapshot(`
      "
      call_id parent_id site_id session
      1       NULL      1       01
      2       1         2       01
      3       NULL      3       02
      "
    `)
  })


  it('refuses to open a file this process already writes, naming it, and opens it once the first store is closed', async () => {
    const { store, file } = await open()
    await store.ingest(trace().enter(1, 0).exit(1, 1).batch())
    // DuckDB's lock is per process: without the check, this second writer would open and corrupt the file.
    const second = createStore({ file: file.replace('trace.duckdb', './trace.duckdb') })
    await expect(second).rejects.toBeInstanceOf(ExecscopeError)
    await expect(second).rejects.toThrow(`The trace file ${file.replace('trace.duckdb', './trace.duckdb')} is already open for writing in this process`)
    // The store that holds the file goes on.
    await store.ingest(trace().enter(2, 0).exit(2, 1).batch({ session: 2 }))
    await store.close()
    const reopened = await createStore({ file })
    cleanups.push(() => reopened.close())
    expect(await reopened.query('SELECT count(*)::INTEGER AS calls FROM calls')).toEqual([{ calls: 2 }])
  })
  it('stores nothing and keeps its state when a batch fails before commit', async () => {
    let shouldFail = false
    const { store } = await open({ beforeCommit: () => {
      if (shouldFail) throw new Error('disk full (injected)')
    } })
    const t = trace().enter(1, 0).enter(2, 10).exit(2, 20).enter(3, 30).exit(3, 40).exit(1, 50)
    const [first, second] = t.batches([3])
    await store.ingest(first!)
    const before = await rows(store, CALLS)
    shouldFail = true
    await expect(store.ingest(second!)).rejects.toThrow(/disk full \(injected\).*Nothing of it was stored/)
    expect(await rows(store, CALLS)).toBe(before)
    expect(await rows(store, 'SELECT count(*) AS drops FROM drops')).toMatchInlineSnapshot(`
      "
      drops
      0
      "
    `)
    shouldFail = false
    // The same batch goes through on retry: neither the sequence number nor the stack moved.
    await store.ingest(second!)
    expect(await rows(store, CALLS)).toMatchInlineSnapshot(`
      "
      call_id parent_id depth site_id ts dur self_dur status timing   async_id segments
      1       NULL      0     1       0  50  30       return measured NULL     1
      2       1         1     2       10 10  10       return measured NULL     1
      3       1         1     3       30 10  10       return measured NULL     1
      "
    `)
  })

  it('commits works in order while the next one appends; a failed commit fails the works after it, not those before', async () => {
    let commits = 0
    // One batch per commit, so three batches in flight make three works on the two connections.
    const { store } = await open({ maxRecordsPerCommit: 1, beforeCommit: () => {
      if (++commits === 2) throw new Error('disk full (injected)')
    } })
    const t = trace().enter(1, 0).exit(1, 10).enter(2, 20).exit(2, 30).enter(3, 40).exit(3, 50)
    // A Clock anchor comes first: each batch holds one whole call.
    const batches = t.batches([3, 5])
    const outcomes = await Promise.allSettled(batches.map(batch => store.ingest(batch)))
    expect(outcomes.map(o => o.status)).toEqual(['fulfilled', 'rejected', 'rejected'])
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/disk full \(injected\).*Nothing of it was stored/)
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/an earlier batch of the same commit pipeline failed/)
    expect(await rows(store, 'SELECT call_id, site_id FROM calls ORDER BY call_id')).toMatchInlineSnapshot(`
      "
      call_id site_id
      1       1
      "
    `)
    // Sent again, in order, both go through on top of the first.
    for (const batch of batches.slice(1)) await store.ingest(batch)
    expect(await rows(store, 'SELECT call_id, site_id FROM calls ORDER BY call_id')).toMatchInlineSnapshot(`
      "
      call_id site_id
      1       1
      2       2
      3       3
      "
    `)
    expect(await rows(store, 'SELECT count(*) AS batches FROM batches')).toMatchInlineSnapshot(`
      "
      batches
      3
      "
    `)
  })

  it('adds the calls the runtime counted to calls_slowest and sites_hot, also of a function it never recorded', async () => {
    const { store } = await open()
    await store.upsertSites([
      { siteId: 1, key: 'src/a.ts#main#0', kind: 'function', name: 'main', file: 'src/a.ts', line: 1, column: 1, isAsync: false, isGenerator: false },
      { siteId: 2, key: 'src/a.ts#hot#0', kind: 'function', name: 'hot', file: 'src/a.ts', line: 5, column: 1, isAsync: false, isGenerator: false },
      { siteId: 4, key: 'src/a.ts#inner#0', kind: 'function', name: 'inner', file: 'src/a.ts', line: 7, column: 1, isAsync: false, isGenerator: false },
    ], 'h1')
    // hot: two recorded samples, 63 + 40 counted calls over two Count records (one of them in the
    // next batch), less one (a negative count: a counted call that threw, recorded after its count
    // went out), and the calls of inner that only ever ran inside counted calls of hot.
    const t = trace().enter(1, 0).enter(2, 10).exit(2, 20).count(2, 63).count(4, 126).enter(2, 500).exit(2, 510)
    await store.ingest(t.batch())
    const more = trace().count(2, 40).count(4, 80).count(0, 3).count(2, -1).exit(1, 1000)
    await store.ingest(more.batch({ firstSeq: t.records.length }))
    expect(await rows(store, 'SELECT site_id, name, calls, counted_calls, timing FROM calls_slowest ORDER BY site_id')).toMatchInlineSnapshot(`
      "
      site_id name                                   calls counted_calls timing
      0       (counted: functions sharing a counter) 0     3             estimated
      1       main                                   1     0             measured
      2       hot                                    2     102           sampled
      4       inner                                  0     206           estimated
      "
    `)
    expect(await rows(store, 'SELECT site_id, name, calls, records, counted_calls FROM sites_hot ORDER BY site_id')).toMatchInlineSnapshot(`
      "
      site_id name                                   calls records counted_calls
      0       (counted: functions sharing a counter) 0     0       3
      1       main                                   1     2       0
      2       hot                                    2     4       102
      4       inner                                  0     0       206
      "
    `)
    expect(await rows(store, 'SELECT site_id, sum(calls) AS calls, count(*) AS rows FROM counted_calls GROUP BY site_id ORDER BY site_id')).toMatchInlineSnapshot(`
      "
      site_id calls rows
      0       3     1
      2       102   2
      4       206   2
      "
    `)
  })

  it('merges the rollups\' partial rows once no batch has come for a while, and sooner only when they pile up', async () => {
    const HIST_ROWS = 'SELECT count(*) AS n FROM _site_dur_hist'
    const SLOWEST = 'SELECT site_id, calls, total_dur, p50_dur, p95_dur FROM calls_slowest ORDER BY site_id'
    // Each batch (a thread of its own) adds a rollup row and a histogram row for site 1.
    const ingestThreads = async (store: Store, from: number, count: number): Promise<void> => {
      for (let thread = from; thread < from + count; thread++) await store.ingest(trace().enter(1, 1000).exit(1, 1100).batch({ threadId: thread }))
    }
    const idle = (await open({ rollupCompaction: { minRows: 4, idleMs: 1000 } })).store
    await ingestThreads(idle, 0, 6)
    const before = await rows(idle, SLOWEST)
    // Past the threshold, but batches were still coming.
    expect(await rows(idle, HIST_ROWS)).toMatch(/\b6\s*$/)
    await vi.waitFor(async () => expect(await rows(idle, HIST_ROWS)).toMatch(/\b1\s*$/), { timeout: 10_000, interval: 100 })
    expect(await rows(idle, SLOWEST)).toBe(before)

    // Never idle long enough: merged once the partial rows pass busyRows.
    const busy = (await open({ rollupCompaction: { minRows: 4, idleMs: 600_000, busyRows: 8 } })).store
    await ingestThreads(busy, 0, 5)
    await vi.waitFor(async () => expect(await rows(busy, HIST_ROWS)).toMatch(/\b1\s*$/), { timeout: 10_000, interval: 100 })
    expect(await rows(busy, 'SELECT sum(count) AS n FROM _site_dur_hist')).toMatch(/\b5\s*$/)
  })

  it('summarises per site in calls_slowest', async () => {
    const { store } = await open()
    await store.upsertSites([
      { siteId: 1, key: 'src/a.ts#main#0', kind: 'function', name: 'main', file: 'src/a.ts', line: 1, column: 1, isAsync: false, isGenerator: false },
      { siteId: 2, key: 'src/a.ts#work#0', kind: 'function', name: 'work', file: 'src/a.ts', line: 9, column: 3, isAsync: false, isGenerator: false },
    ], 'h1')
    const t = trace().enter(1, 0)
    for (let i = 0; i < 5; i++) t.enter(2, 100 * i + 10).exit(2, 100 * i + 10 + (i + 1) * 10)
    t.enter(3, 600).throws(3, 605).exit(1, 1000)
    await store.ingest(t.batch())
    expect(await rows(store, 'SELECT * FROM calls_slowest')).toMatchInlineSnapshot(`
      "
      site_id name   file     line calls throws unfinished total_dur self_dur p50_dur p95_dur max_dur timing   measured_calls counted_calls
      1       main   src/a.ts 1    1     0      0          1000      845      1000    1000    1000    measured 1              0
      2       work   src/a.ts 9    5     0      0          150       150      31      50      50      measured 5              0
      3       site#3 NULL     NULL 1     1      0          5         5        5       5       5       measured 1              0
      "
    `)
  })

  it('sums the recording cost the threads reported, each thread\'s whole estimate (value previews included)', async () => {
    const { store } = await open()
    const session = 'ab'.repeat(16)
    // estimatedOverhead = cost / (elapsed - cost): 0.25 of 1 s is 0.2 s of cost, 1 of 1 s is 0.5 s,
    // whatever the hot path's and shipping's part of it (the rest: previews).
    const stats = (overhead: number): Record<string, number> => ({ records: 10, timedRecords: 1, drops: 0, overwritten: 0, estimatedHotPathNs: 1000, drainNs: 10, sendNs: 10, elapsedNs: 1e9, estimatedOverhead: overhead })
    await store.recordRuntimeStats({ sessionId: session, threadId: 0, timeOriginMs: 1, stats: stats(0.25) })
    await store.recordRuntimeStats({ sessionId: session, threadId: 1, timeOriginMs: 1, stats: stats(1) })
    expect((await store.summary()).recordingCost).toBeCloseTo(0.7 / 1.3, 9)
  })

  it('counts the records a thread wrote that never arrived after its last batch as dropped (never sent)', async () => {
    const { store } = await open()
    const stats = (records: number): Record<string, number> => ({ records, timedRecords: 0, drops: 0, overwritten: 0, estimatedHotPathNs: 0, drainNs: 0, sendNs: 0, elapsedNs: 1e9, estimatedOverhead: 0 })
    // Thread 0: a batch, a gap, a batch ending at record 14 or so; it wrote 20.
    const first = trace().enter(1, 0).enter(2, 10).exit(2, 20).exit(1, 30).batch()
    const second = trace().enter(1, 40).enter(2, 50).exit(2, 60).exit(1, 70).batch({ firstSeq: 10 })
    await store.ingest(first)
    await store.ingest(second)
    // Thread 1: everything it wrote arrived.
    await store.ingest(trace().enter(1, 0).exit(1, 10).batch({ threadId: 1 }))
    await store.recordRuntimeStats({ sessionId: first.sessionId, threadId: 0, timeOriginMs: first.timeOriginMs, stats: stats(20) })
    await store.recordRuntimeStats({ sessionId: first.sessionId, threadId: 1, timeOriginMs: first.timeOriginMs, stats: stats(2) })
    const reached = second.firstSeq + second.recordCount
    const gap = second.firstSeq - first.recordCount
    expect(await store.query('SELECT thread_id, written, reached, unsent FROM unsent_records')).toEqual([{ thread_id: 0, written: 20, reached, unsent: 20 - reached }])
    const summary = await store.summary()
    // The gap's records are a 'gap' drop; the last ones were never sent.
    expect([summary.dropped, summary.unsent]).toEqual([gap + 20 - reached, 20 - reached])
  })

  it('lists the functions with the most counted calls in the summary, with their recorded ones', async () => {
    const { store } = await open()
    const fn = (siteId: number, name: string): SiteRow => ({ siteId, key: `src/a.ts#${name}#0`, kind: 'function', name, file: 'src/a.ts', line: siteId, column: 1, isAsync: false, isGenerator: false })
    await store.upsertSites([fn(1, 'main'), fn(2, 'hot'), fn(3, 'hotter')], 'h1')
    await store.ingest(trace().enter(1, 0).enter(2, 10).exit(2, 20).count(2, 500).count(3, 900).count(2, 100).exit(1, 1000).batch())
    const summary = await store.summary()
    expect(summary.topCounted).toEqual([
      { name: 'hotter', file: 'src/a.ts', line: 3, counted: 900, recorded: 0 },
      { name: 'hot', file: 'src/a.ts', line: 2, counted: 600, recorded: 1 },
    ])
  })

  it('counts a state target named alike on several threads (a test file each) over all of them in the summary', async () => {
    const { store } = await open()
    await store.upsertSites([
      { siteId: 1, key: 'src/c.ts#Counter.bump#0', kind: 'method', name: 'Counter.bump', file: 'src/c.ts', line: 2, column: 3, isAsync: false, isGenerator: false },
      { siteId: 9, key: 'src/c.ts#state:Counter.n', kind: 'state', name: 'Counter.n', file: 'src/c.ts', line: 2, column: 12, isAsync: false, isGenerator: false },
    ], 'h1')
    await store.ingest(trace().enter(1, 0).state(9, 1, 5, [0, 1]).state(9, 1, 6, [1, 2]).exit(1, 10).batch())
    await store.ingest(trace().enter(1, 0).state(9, 1, 5, [0, 1]).exit(1, 10).batch({ threadId: 1 }))
    const summary = await store.summary()
    expect(summary.topStateTargets).toEqual([{ target: 'Counter#1', changes: 3, threads: 2 }])
  })

  it('counts in its summary only the threads and sessions that recorded something', async () => {
    const { store } = await open()
    await store.ingest(trace().enter(1, 0).exit(1, 10).batch())
    // Another process that ran no instrumented code: a message's window, no call in it.
    await store.ingest(trace().linkIn(LinkKind.Message, 0, 100).linkEnd(LinkKind.Message, 0, 106).batch({ session: 2 }))
    expect(await rows(store, 'SELECT count(*) AS threads, count(DISTINCT session_id) AS sessions FROM threads')).toContain('2       2')
    const { threads, sessions } = await store.summary()
    expect({ threads, sessions }).toEqual({ threads: 1, sessions: 1 })
  })

  it('summarises the trace', async () => {
    const { store, file } = await open()
    await store.upsertSites([
      { siteId: 1, key: 'src/a.ts#main#0', kind: 'function', name: 'main', file: 'src/a.ts', line: 1, column: 1, isAsync: false, isGenerator: false },
    ], 'h1')
    await store.ingest(trace().enter(1, 0).enter(2, 1_000_000).throws(2, 3_500_000).exit(1, 4_000_000).drop(3).batch())
    await store.ingest(trace().enter(1, 0).exit(1, 2_000_000).batch({ threadId: 1 }))
    const summary = await store.summary()
    expect(summary.file).toBe(file)
    expect({ ...summary, file: '<file>' }).toMatchInlineSnapshot(`
      {
        "calls": 3,
        "countedCalls": 0,
        "dropped": 3,
        "errors": 1,
        "file": "<file>",
        "messages": {
          "paired": 0,
          "total": 0,
        },
        "recordingCost": null,
        "sessions": 1,
        "stateChanges": 0,
        "threads": 2,
        "throws": 1,
        "topCounted": [],
        "topErrors": [],
        "topSelf": [
          {
            "calls": 2,
            "file": "src/a.ts",
            "line": 1,
            "name": "main",
            "selfMs": 3.5,
            "timedCalls": 2,
          },
          {
            "calls": 1,
            "file": "",
            "line": 0,
            "name": "site#2",
            "selfMs": 2.5,
            "timedCalls": 1,
          },
        ],
        "topStateTargets": [],
        "unsent": 0,
      }
    `)
  })

  it('marks calls with an untimed entry or exit as estimated, taking the previous event\'s time', async () => {
    const { store } = await open()
    await store.ingest(trace().enter(1, 100).enter(2).exit(2).enter(3, 200).exit(3).exit(1, 500).batch())
    expect(await rows(store, CALLS)).toMatchInlineSnapshot(`
      "
      call_id parent_id depth site_id ts  dur self_dur status timing    async_id segments
      1       NULL      0     1       100 400 400      return measured  NULL     1
      2       1         1     2       100 0   0        return estimated NULL     1
      3       1         1     3       200 0   0        return estimated NULL     1
      "
    `)
  })

  it('counts threads against the session\'s time origin', async () => {
    const { store } = await open()
    await store.ingest(trace().enter(1, 0).exit(1, 10).batch({ timeOriginMs: 1000 }))
    await store.ingest(trace().enter(2, 0).exit(2, 10).batch({ threadId: 4, timeOriginMs: 1000.5 }))
    expect(await rows(store, 'SELECT thread_id, name, utid, ts_offset FROM threads ORDER BY utid')).toMatchInlineSnapshot(`
      "
      thread_id name     utid ts_offset
      0         main     1    0
      4         thread 4 2    500000
      "
    `)
    expect(await rows(store, 'SELECT thread_id, ts, dur FROM calls ORDER BY call_id')).toMatchInlineSnapshot(`
      "
      thread_id ts     dur
      0         0      10
      4         500000 10
      "
    `)
    expect(await rows(store, 'SELECT s.id, s.ts, s.track_id, t.name AS thread FROM slice s JOIN thread_track tt ON s.track_id = tt.id JOIN thread t USING (utid) ORDER BY s.id')).toMatchInlineSnapshot(`
      "
      id ts     track_id thread
      1  0      1        main
      2  500000 2        thread 4
      "
    `)
  })

  it('serialises concurrent ingests in call order', async () => {
    const { store } = await open()
    const t = trace()
    for (let i = 0; i < 50; i++) t.enter(1 + (i % 3), i * 10).exit(1 + (i % 3), i * 10 + 5)
    await Promise.all(t.batches([10, 20, 30, 40, 50, 60, 70, 80, 90]).map(batch => store.ingest(batch)))
    expect(await rows(store, 'SELECT count(*) AS calls, count(DISTINCT call_id) AS ids, min(ts) AS first, max(ts) AS last FROM calls')).toMatchInlineSnapshot(`
      "
      calls ids first last
      50    50  0     490
      "
    `)
  })

  it('upserts sites by id, keeping the latest module version', async () => {
    const { store } = await open()
    const site = { siteId: 7, key: 'src/a.ts#f#0', kind: 'function' as const, name: 'f', file: 'src/a.ts', line: 3, column: 1, isAsync: false, isGenerator: false }
    await store.upsertSites([site], 'v1')
    await store.upsertSites([{ ...site, line: 4 }, { ...site, siteId: 8, name: 'g', isAsync: true }], 'v2')
    expect(await rows(store, 'SELECT site_id, name, line, is_async, module_hash FROM sites ORDER BY site_id')).toMatchInlineSnapshot(`
      "
      site_id name line is_async module_hash
      7       f    4    false    v2
      8       g    3    true     v2
      "
    `)
  })

  it('stores a large module\'s manifest whole, in one statement, and a new version of it over the old', async () => {
    const { store } = await open()
    const sites = Array.from({ length: 11_000 }, (_, i) => ({ siteId: i + 1, key: `lib/big.js#f${i}#0`, kind: 'function' as const, name: `f${i}`, file: 'lib/big.js', line: i + 1, column: 1, isAsync: false, isGenerator: false }))
    await store.upsertSites(sites, 'v1')
    // The new version moves every other function down a line, and renames one twice (the last row wins).
    await store.upsertSites([...sites.filter(site => site.siteId % 2 === 0).map(site => ({ ...site, line: site.line + 1 })), { ...sites[0]!, name: 'first' }, { ...sites[0]!, name: 'last' }], 'v2')
    expect(await rows(store, `SELECT count(*) AS sites, count(*) FILTER (WHERE module_hash = 'v2') AS v2, count(*) FILTER (WHERE line = site_id + 1) AS moved,
      max(name) FILTER (WHERE site_id = 1) AS first FROM sites`)).toMatchInlineSnapshot(`
        "
        sites v2   moved first
        11000 5501 5500  last
        "
      `)
  })
})

describe('Store.query', () => {
  it('rejects statements that are not reads', async () => {
    const { store } = await open()
    for (const sql of ['delete from calls', 'drop table calls', 'insert into meta values (\'a\', \'b\')', 'select 1; delete from calls', 'copy calls to \'/tmp/x.csv\'', 'attach \':memory:\' as other']) {
      const error = await store.query(sql).catch((e: unknown) => e)
      expect(error, sql).toBeInstanceOf(ExecscopeError)
    }
    await expect(store.query('delete from calls')).rejects.toThrowErrorMatchingInlineSnapshot(`[ExecscopeError: [execscope] Only read queries are allowed here (SELECT, WITH, FROM, DESCRIBE, SUMMARIZE, EXPLAIN); got a DELETE statement. The trace file is written by the collector alone.]`)
    await expect(store.query('selec 1')).rejects.toThrow(/SQL error: Parser Error/)
  })

  it('returns BIGINTs as numbers when safe and as strings otherwise', async () => {
    const { store } = await open()
    expect(await store.query('SELECT 42::BIGINT AS small, 9007199254740993::BIGINT AS big, sum(x)::HUGEINT AS huge, [1::BIGINT] AS list FROM (VALUES (1), (2)) v(x)'))
      .toMatchInlineSnapshot(`
        [
          {
            "big": "9007199254740993",
            "huge": 3,
            "list": [
              1,
            ],
            "small": 42,
          },
        ]
      `)
  })

  it('cuts a table result at maxRows', async () => {
    const { store } = await open()
    const table = await store.queryTable('SELECT * FROM range(5000) r(i)', { maxRows: 3 })
    expect(table).toMatchInlineSnapshot(`
      {
        "columns": [
          {
            "name": "i",
            "type": "BIGINT",
          },
        ],
        "isTruncated": true,
        "rows": [
          [
            0,
          ],
          [
            1,
          ],
          [
            2,
          ],
        ],
      }
    `)
  })
})

describe('Store.close', () => {
  it('is idempotent and leaves a file any DuckDB client can open', async () => {
    const { store, file } = await open()
    await store.ingest(trace().enter(1, 0).exit(1, 1).batch())
    await Promise.all([store.close(), store.close()])
    await store.close()
    await expect(store.query('select 1')).rejects.toThrow(/closed/)
    const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' })
    const connection = await instance.connect()
    expect((await connection.runAndReadAll('SELECT count(*) FROM calls')).getRowsJS()).toEqual([[1n]])
    connection.closeSync()
    instance.closeSync()
  })

  it('refuses a file of another schema version, naming it and saying what to do', async () => {
    const { store, file } = await open()
    await store.close()
    const instance = await DuckDBInstance.create(file)
    const connection = await instance.connect()
    await connection.run(`UPDATE meta SET value = '999' WHERE key = 'schema_version'`)
    connection.closeSync()
    instance.closeSync()
    const error = await createStore({ file }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ExecscopeError)
    expect(error).toMatchObject({ code: 'ES_TRACE_FILE' })
    expect((error as Error).message.replace(file, '<file>')).toMatchInlineSnapshot(`"[execscope] The trace file <file> has schema version "999", but this execscope writes version 9. Delete or move the file; a new trace starts in its place."`)
  })

  it('makes the views and macros again when a file was written by a build with other ones, and only then', async () => {
    const { store, file } = await open()
    await store.close()
    const edit = async (sql: string): Promise<unknown[][]> => {
      const instance = await DuckDBInstance.create(file)
      const connection = await instance.connect()
      const rows = (await connection.runAndReadAll(sql)).getRowsJS()
      connection.closeSync()
      instance.closeSync()
      return rows
    }
    const hasView = async (): Promise<boolean> => (await edit(`SELECT count(*) FROM duckdb_views() WHERE view_name = 'calls_named'`))[0]![0] === 1n
    // The same schema: left as it is (a view dropped by hand stays dropped).
    await edit('DROP VIEW calls_named')
    await (await createStore({ file })).close()
    expect(await hasView()).toBe(false)
    // A file whose digest differs (an earlier build's views): made again.
    await edit(`UPDATE meta SET value = 'earlier' WHERE key = 'schema_hash'`)
    await (await createStore({ file })).close()
    expect(await hasView()).toBe(true)
    expect((await edit(`SELECT value FROM meta WHERE key = 'schema_hash'`))[0]![0]).toMatch(/^[0-9a-f]{40}$/)
  })

  it('refuses a DuckDB file that is not a trace', async () => {
    const { store, file } = await open()
    await store.close()
    const other = file.replace('trace.duckdb', 'other.duckdb')
    const instance = await DuckDBInstance.create(other)
    const connection = await instance.connect()
    await connection.run('CREATE TABLE people (name VARCHAR)')
    connection.closeSync()
    instance.closeSync()
    await expect(createStore({ file: other })).rejects.toMatchObject({ code: 'ES_TRACE_FILE', message: expect.stringMatching(/not an execscope trace/) })
  })
})

describe('call_tree / call_stack', () => {
  it('walk down from a call and up from a call', async () => {
    const { store } = await open()
    await store.ingest(trace().enter(1, 0).enter(2, 10).enter(3, 20).exit(3, 30).exit(2, 40).enter(4, 50).exit(4, 60).exit(1, 70).enter(5, 80).exit(5, 90).batch())
    expect(await rows(store, 'SELECT call_id, name, tree_depth FROM call_tree(2)')).toMatchInlineSnapshot(`
      "
      call_id name   tree_depth
      2       site#2 0
      3       site#3 1
      "
    `)
    expect(await rows(store, 'SELECT call_id, name, height FROM call_stack(3)')).toMatchInlineSnapshot(`
      "
      call_id name   height
      3       site#3 0
      2       site#2 1
      1       site#1 2
      "
    `)
  })
})

describe('createStore on a locked file', () => {
  it('says the file is in use by another process and what to do', async () => {
    const { store, file } = await open()
    await store.close()
    // Another process holds the file open for writing until we close its stdin.
    const holder = spawn(process.execPath, ['--input-type=module', '-e', `
      import { DuckDBInstance } from '@duckdb/node-api'
      const instance = await DuckDBInstance.create(${JSON.stringify(file)})
      await instance.connect()
      process.stdout.write('ready\\n')
      process.stdin.on('end', () => process.exit(0))
      process.stdin.resume()
    `], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['pipe', 'pipe', 'inherit'] })
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout!.once('data', () => resolve())
        holder.once('exit', code => reject(new Error(`holder exited with ${code}`)))
      })
      const error = await createStore({ file }).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'ES_TRACE_FILE' })
      expect((error as Error).message).toMatch(/^\[execscope\] The trace file .* is in use by another process .*Stop the dev server or collector/)
    }
    finally {
      holder.stdin!.end()
      await new Promise(resolve => holder.once('exit', resolve))
    }
  })
})
