import type { Store } from '../index.ts'
import { LinkKind } from '@execscope/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatRows, tempDir } from '../../test/helpers.ts'
import { trace } from '../../test/trace-builder.ts'
import { createStore, createTraceQueries } from '../index.ts'

// One small trace for every view and macro, Perfetto diff-test style: built with the trace
// builder, ingested, then one query per test compared with an inline snapshot.
//
// Session 1, thread 0 (utid 1):
//   #1 main [0, 70]  → #2 load [10, 40] → #3 parse [20, 30]
//                    → #4 fetchAll (async 7) [50, 130]: suspends at 60, resumes at 100 → #5 render [110, 120]
//   #6 onTimer [200, 210], scheduled by #5 (a 'timer' link, from link-out and link-in records)
// Session 1, thread 1 (utid 2): #7 worker [5, 25], throws.
// Thread 0 changes Store#1 (items in #2 and #5, filter in #5); thread 1 changes Other#2 in #7.
// Thread 1 is a worker of thread 0 (channel 1): #1 posts it a message at 2, delivered at 5 to #7,
// which posts one back at 24 that is never delivered.
const sites = [
  [1, 'main'],
  [2, 'load'],
  [3, 'parse'],
  [10, 'fetchAll'],
  [4, 'render'],
  [20, 'onTimer'],
  [30, 'worker'],
  [40, 'Store.items'],
  [41, 'Store.filter'],
  [42, 'Other.x'],
] as const

let store: Store
let dispose: () => void
const q = (): ReturnType<typeof createTraceQueries> => createTraceQueries(store)
async function rows(sql: string): Promise<string> {
  return formatRows(await store.query(sql))
}

beforeAll(async () => {
  const dir = tempDir()
  dispose = dir.dispose
  const file = `${dir.dir}/trace.duckdb`
  const writer = await createStore({ file })
  await writer.upsertSites(sites.map(([siteId, name]) => ({ siteId, key: `src/app.ts#${name}#0`, kind: siteId >= 40 ? 'state' : 'function', name, file: 'src/app.ts', line: siteId, column: 1, isAsync: siteId === 10, isGenerator: false })), 'v1')
  await writer.ingest(trace()
    .enter(1, 0).messageSend(1, 1, false, 2).enter(2, 10).state(40, 1, 15, [[]]).enter(3, 20).exit(3, 30).exit(2, 40)
    .enter(10, 50, 7).suspend(10, 7, 60).exit(1, 70)
    .resume(10, 7, 100).enter(4, 110).linkOut(LinkKind.Timer, 1, 115).state(40, 1, 115, [[], [{ id: 1 }]]).state(41, 1, 118, ['all']).exit(4, 120).exit(10, 130, 7)
    .linkIn(LinkKind.Timer, 1, 199).enter(20, 200).exit(20, 210).linkEnd(LinkKind.Timer, 1, 211)
    .batch())
  await writer.ingest(trace()
    .linkIn(LinkKind.Message, 0, 5).messageReceive(1, 1, false, 5).enter(30, 5).state(42, 2, 20, [1]).messageSend(1, 1, true, 24).throws(30, 25).linkEnd(LinkKind.Message, 0, 25)
    .batch({ threadId: 1 }))
  await writer.close()
  store = await createStore({ file, readOnly: true })
})

afterAll(async () => {
  await store.close()
  dispose()
})

describe('views', () => {
  it('calls_named', async () => {
    expect(await rows('SELECT call_id, utid, thread_id, name, parent_id, depth, ts, dur, self_dur, end_ts, status, async_id, segments FROM calls_named ORDER BY call_id')).toMatchInlineSnapshot(`
      "
      call_id utid thread_id name     parent_id depth ts  dur self_dur end_ts status async_id segments
      1       1    0         main     NULL      0     0   70  30       70     return NULL     1
      2       1    0         load     1         1     10  30  20       40     return NULL     1
      3       1    0         parse    2         2     20  10  10       30     return NULL     1
      4       1    0         fetchAll 1         1     50  80  30       130    return 7        2
      5       1    0         render   4         2     110 10  10       120    return NULL     1
      6       1    0         onTimer  NULL      0     200 10  10       210    return NULL     1
      7       2    1         worker   NULL      0     5   20  20       25     throw  NULL     1
      "
    `)
  })

  it('calls_slowest agrees with calls_slowest_exact on calls, times and max', async () => {
    expect(await rows('SELECT site_id, name, calls, throws, total_dur, self_dur, p50_dur, p95_dur, max_dur FROM calls_slowest')).toMatchInlineSnapshot(`
      "
      site_id name     calls throws total_dur self_dur p50_dur p95_dur max_dur
      10      fetchAll 1     0      80        30       80      80      80
      1       main     1     0      70        30       70      70      70
      2       load     1     0      30        20       30      30      30
      30      worker   1     1      20        20       20      20      20
      3       parse    1     0      10        10       10      10      10
      4       render   1     0      10        10       10      10      10
      20      onTimer  1     0      10        10       10      10      10
      "
    `)
    expect(await rows(`SELECT count(*) AS differing FROM calls_slowest a JOIN calls_slowest_exact b USING (site_id)
      WHERE a.calls <> b.calls OR a.total_dur <> b.total_dur OR a.self_dur <> b.self_dur OR a.max_dur <> b.max_dur OR a.throws <> b.throws`)).toMatchInlineSnapshot(`
        "
        differing
        0
        "
      `)
  })

  it('sites_hot', async () => {
    expect(await rows('SELECT name, calls, records, round(record_share, 3) AS share, clock_reads, est_cost_ns, est_cost_per_call_ns FROM sites_hot')).toMatchInlineSnapshot(`
      "
      name     calls records share clock_reads est_cost_ns est_cost_per_call_ns
      fetchAll 1     4       0.25  2           96          96
      main     1     2       0.125 2           90          90
      load     1     2       0.125 2           90          90
      parse    1     2       0.125 2           90          90
      render   1     2       0.125 2           90          90
      onTimer  1     2       0.125 2           90          90
      worker   1     2       0.125 2           90          90
      "
    `)
  })

  it('slice, thread_track, thread (Perfetto names)', async () => {
    expect(await rows('SELECT s.id, s.ts, s.dur, s.category, s.name, s.depth, s.parent_id, t.tid, t.name AS thread FROM slice s JOIN thread_track tt ON s.track_id = tt.id JOIN thread t USING (utid) ORDER BY s.id')).toMatchInlineSnapshot(`
      "
      id ts  dur category name     depth parent_id tid thread
      1  0   70  sync     main     0     NULL      0   main
      2  10  30  sync     load     1     1         0   main
      3  20  10  sync     parse    2     2         0   main
      4  50  80  async    fetchAll 1     1         0   main
      5  110 10  sync     render   2     4         0   main
      6  200 10  sync     onTimer  0     NULL      0   main
      7  5   20  sync     worker   0     NULL      1   thread 1
      "
    `)
  })

  it('flow', async () => {
    expect(await rows('SELECT * FROM flow')).toMatchInlineSnapshot(`
      "
      slice_out slice_in kind
      5         6        timer
      "
    `)
  })

  it('batches and drops', async () => {
    expect(await rows('SELECT batch_id, utid, first_seq, record_count, gap, calls FROM batches ORDER BY batch_id')).toMatchInlineSnapshot(`
      "
      batch_id utid first_seq record_count gap calls
      1        1    0         29           0   6
      2        2    0         10           0   1
      "
    `)
  })
})

describe('table macros', () => {
  it('call_tree', async () => {
    expect(await rows('SELECT call_id, name, tree_depth FROM call_tree(1)')).toMatchInlineSnapshot(`
      "
      call_id name     tree_depth
      1       main     0
      2       load     1
      3       parse    2
      4       fetchAll 1
      5       render   2
      "
    `)
  })

  it('call_stack', async () => {
    expect(await rows('SELECT call_id, name, height FROM call_stack(5)')).toMatchInlineSnapshot(`
      "
      call_id name     height
      5       render   0
      4       fetchAll 1
      1       main     2
      "
    `)
  })

  it('stack_at', async () => {
    expect(await rows('SELECT call_id, name, depth FROM stack_at(1, 25)')).toMatchInlineSnapshot(`
      "
      call_id name  depth
      1       main  0
      2       load  1
      3       parse 2
      "
    `)
    expect(await rows(`SELECT call_id, name, depth FROM stack_at(thread_utid((SELECT session_id FROM sessions), 0), 115)`)).toMatchInlineSnapshot(`
      "
      call_id name     depth
      4       fetchAll 1
      5       render   2
      "
    `)
  })

  it('why', async () => {
    expect(await rows('SELECT step, via, call_id, name FROM why(6)')).toMatchInlineSnapshot(`
      "
      step via          call_id name
      0    self         6       onTimer
      1    timer        5       render
      2    caller       4       fetchAll
      3    async-caller 1       main
      "
    `)
  })

  it('state_at and state_history', async () => {
    expect(await rows(`SELECT * FROM state_at('Store#1', 116)`)).toMatchInlineSnapshot(`
      "
      key   value      changed_at call_id
      items [{"id":1}] 115        5
      "
    `)
    expect(await rows(`SELECT ts, key, old_preview, new_preview, thread_id, call_id, call_name FROM state_history('Store#1')`)).toMatchInlineSnapshot(`
      "
      ts  key    old_preview new_preview thread_id call_id call_name
      15  items  NULL        []          0         2       load
      115 items  []          [{"id":1}]  0         5       render
      118 filter NULL        "all"       0         5       render
      "
    `)
  })

  it('message_flow', async () => {
    // message_id is a hash of (session, channel, direction, number), not worth pinning here.
    expect(await rows('SELECT * EXCLUDE (message_id) FROM message_flow(2, 1)')).toMatchInlineSnapshot(`
      "
      kind   send_utid send_call_id send_ts recv_utid recv_call_id recv_ts latency preview channel direction number
      worker 1         1            2       2         7            5       3       NULL    1       down      1
      worker 2         7            24      NULL      NULL         NULL    NULL    NULL    1       up        1
      "
    `)
  })
})

describe('createTraceQueries', () => {
  const brief = (nodes: Array<{ callId: number, name: string }>): string[] => nodes.map(n => `#${n.callId} ${n.name}`)

  it('events filters by thread, name, time and duration', async () => {
    expect(brief(await q().events({ thread: 1, minDur: 30 }))).toMatchInlineSnapshot(`
      [
        "#1 main",
        "#2 load",
        "#4 fetchAll",
      ]
    `)
    expect(brief(await q().events({ name: 'worker', status: 'throw' }))).toMatchInlineSnapshot(`
      [
        "#7 worker",
      ]
    `)
    expect(brief(await q().events({ from: 100, to: 205 }))).toMatchInlineSnapshot(`
      [
        "#4 fetchAll",
        "#5 render",
        "#6 onTimer",
      ]
    `)
    expect(await q().events({ limit: 1 })).toMatchInlineSnapshot(`
      [
        {
          "asyncId": null,
          "callId": 1,
          "depth": 0,
          "dur": 70,
          "endTs": 70,
          "file": "src/app.ts",
          "line": 1,
          "name": "main",
          "parentId": null,
          "segments": 1,
          "selfDur": 30,
          "sessionId": "a0a1a2a3a4a5a6a7a8a9aaabacadae01",
          "siteId": 1,
          "status": "return",
          "threadId": 0,
          "timing": "measured",
          "ts": 0,
          "utid": 1,
        },
      ]
    `)
  })

  it('callTree', async () => {
    expect((await q().callTree(4)).map(n => `${'  '.repeat(n.treeDepth)}#${n.callId} ${n.name}`)).toMatchInlineSnapshot(`
      [
        "#4 fetchAll",
        "  #5 render",
      ]
    `)
  })

  it('stackAt by utid and by session and thread', async () => {
    const [{ session_id: sessionId }] = await store.query('SELECT session_id FROM sessions') as [{ session_id: string }]
    expect(brief(await q().stackAt(1, 25))).toMatchInlineSnapshot(`
      [
        "#1 main",
        "#2 load",
        "#3 parse",
      ]
    `)
    expect(brief(await q().stackAt({ sessionId, threadId: 1 }, 10))).toMatchInlineSnapshot(`
      [
        "#7 worker",
      ]
    `)
  })

  it('why', async () => {
    expect((await q().why(6)).map(s => `${s.step} ${s.via} #${s.callId} ${s.name}`)).toMatchInlineSnapshot(`
      [
        "0 self #6 onTimer",
        "1 timer #5 render",
        "2 caller #4 fetchAll",
        "3 async-caller #1 main",
      ]
    `)
  })

  it('stateAt and stateHistory', async () => {
    expect(await q().stateAt('Store#1', 116)).toMatchInlineSnapshot(`
      [
        {
          "callId": 5,
          "changedAt": 115,
          "key": "items",
          "value": "[{"id":1}]",
        },
      ]
    `)
    expect(await q().stateAt('Store#1', 10)).toEqual([])
    expect((await q().stateHistory('Store#1')).map(r => `${r.ts} ${r.key}: ${r.oldPreview} → ${r.newPreview} by #${r.callId} ${r.callName}`)).toMatchInlineSnapshot(`
      [
        "15 items: null → [] by #2 load",
        "115 items: [] → [{"id":1}] by #5 render",
        "118 filter: null → "all" by #5 render",
      ]
    `)
  })

  it('messageFlow', async () => {
    const [{ session_id: sessionId }] = await store.query('SELECT session_id FROM sessions') as [{ session_id: string }]
    const flow = await q().messageFlow({ sessionId, threadId: 0 }, 2)
    expect(flow.every(m => typeof m.messageId === 'number')).toBe(true)
    expect(flow.map(({ messageId: _, ...rest }) => rest)).toMatchInlineSnapshot(`
      [
        {
          "channel": 1,
          "direction": "down",
          "kind": "worker",
          "latency": 3,
          "number": 1,
          "preview": null,
          "recvCallId": 7,
          "recvTs": 5,
          "recvUtid": 2,
          "sendCallId": 1,
          "sendTs": 2,
          "sendUtid": 1,
        },
        {
          "channel": 1,
          "direction": "up",
          "kind": "worker",
          "latency": null,
          "number": 1,
          "preview": null,
          "recvCallId": null,
          "recvTs": null,
          "recvUtid": null,
          "sendCallId": 7,
          "sendTs": 24,
          "sendUtid": 2,
        },
      ]
    `)
  })
})
