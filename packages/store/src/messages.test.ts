import type { Store } from './index.ts'
import { LinkKind } from '@execscope/core'
import { afterEach, describe, expect, it } from 'vitest'
import { functionSites, queryRows as rows, tempStore } from '../test/helpers.ts'
import { trace } from '../test/trace-builder.ts'
import { correlateBatch, createThreadState, createTraceQueries, finishThread } from './index.ts'

// Perfetto-style diff tests: a parent thread and its worker (one session, channel 1 = the worker's
// thread id), their message records ingested, one query, rows compared.
// Sites: 1 main, 2 post, 3 onReply (parent); 4 onMessage, 5 reply (worker).

const T0 = 1_764_000_000_000
const M = LinkKind.Message

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

async function open(): Promise<Store> {
  const opened = await tempStore()
  cleanups.push(opened.dispose)
  await opened.store.upsertSites(functionSites('src/app.ts', ['main', 'post', 'onReply', 'onMessage', 'reply']), 'v1')
  return opened.store
}

/** Message `n` delivered on channel 1 inside its window, `listener` (a site) running for it unless null. */
function delivery(t: ReturnType<typeof trace>, n: number, upward: boolean, ts: number, listener: number | null): void {
  t.linkIn(M, 0, ts).messageReceive(1, n, upward, ts)
  if (listener !== null) t.enter(listener, ts + 1).exit(listener, ts + 2)
  t.linkEnd(M, 0, ts + 3)
}

describe('messages', () => {
  it('pairs sends and receipts of two threads by channel, direction and number, on the session\'s clock, whatever arrives first', async () => {
    const store = await open()
    // The worker starts 1 ms after its parent; its batches reach the collector first, so the
    // session's clock is the worker's and the parent's times move back by 1 ms.
    const worker = trace()
      .linkIn(M, 0, 100).messageReceive(1, 1, false, 100)
      // The batch ends here: the receipt waits in its window for the call that receives it.
      .enter(4, 101).enter(5, 102).messageSend(1, 1, true, 103).exit(5, 104).exit(4, 105).linkEnd(M, 0, 106)
    // No instrumented listener: delivered, received by no call.
    delivery(worker, 2, false, 150, null)
    // Posted at top level: no sending call. Down #3 is never delivered.
    worker.messageSend(1, 2, true, 160)
    for (const batch of worker.batches([2], { threadId: 1, timeOriginMs: T0 + 1 })) await store.ingest(batch)

    const ms = 1_000_000
    const parent = trace()
      .enter(1, ms).enter(2, ms + 10).messageSend(1, 1, false, ms + 10).messageSend(1, 2, false, ms + 12).exit(2, ms + 13)
      .messageSend(1, 3, false, ms + 14).exit(1, ms + 20)
    delivery(parent, 1, true, ms + 200, 3)
    delivery(parent, 2, true, ms + 210, 3)
    // Its send was lost (say, to a full ring): the receipt stays, with no send side.
    delivery(parent, 3, true, ms + 220, 3)
    await store.ingest(parent.batch({ threadId: 0, timeOriginMs: T0 }))

    // message_id is a hash of (session, channel, direction, number): checked for uniqueness below.
    expect(await rows(store, 'SELECT * EXCLUDE (message_id) FROM message_flow(thread_utid((SELECT session_id FROM sessions), 0), 1)')).toMatchInlineSnapshot(`
      "
      kind   send_utid send_call_id send_ts recv_utid recv_call_id recv_ts latency preview channel direction number
      worker 2         4            10      1         1            100     90      NULL    1       down      1
      worker 2         4            12      1         NULL         150     138     NULL    1       down      2
      worker 2         3            14      NULL      NULL         NULL    NULL    NULL    1       down      3
      worker 1         2            103     2         5            200     97      NULL    1       up        1
      worker 1         NULL         160     2         6            210     50      NULL    1       up        2
      worker NULL      NULL         NULL    2         7            220     NULL    NULL    1       up        3
      "
    `)
    expect(await rows(store, `SELECT m.direction, m.number, s.name AS sent_by, r.name AS received_by
      FROM message_pairs m LEFT JOIN calls_named s ON s.call_id = m.send_call_id LEFT JOIN calls_named r ON r.call_id = m.recv_call_id
      ORDER BY m.direction, m.number`)).toMatchInlineSnapshot(`
        "
        direction number sent_by received_by
        down      1      post    onMessage
        down      2      post    NULL
        down      3      main    NULL
        up        1      reply   onReply
        up        2      NULL    onReply
        up        3      NULL    onReply
        "
      `)
    expect(await rows(store, 'SELECT count(*) AS messages, count(DISTINCT message_id) AS ids, count(*) FILTER (WHERE kind = \'worker\') AS worker FROM messages')).toMatchInlineSnapshot(`
      "
      messages ids worker
      6        6   6
      "
    `)
    const flow = await createTraceQueries(store).messageFlow(1, { sessionId: String((await store.query('SELECT session_id FROM sessions'))[0]!.session_id), threadId: 0 })
    expect(flow.map(m => `${m.direction} #${m.number}: ${m.latency ?? 'unpaired'}`)).toEqual(['down #1: 90', 'down #2: 138', 'down #3: unpaired', 'up #1: 97', 'up #2: 50', 'up #3: unpaired'])
  })

  it('follows a received message back to the call on the other thread that posted it, in why()', async () => {
    const store = await open()
    // The worker's onMessage (site 4) receives down #1, which the parent's post (site 2, in main) sent.
    const worker = trace().linkIn(M, 0, 100).messageReceive(1, 1, false, 100).enter(4, 101).enter(5, 102).exit(5, 104).exit(4, 105).linkEnd(M, 0, 106)
    await store.ingest(worker.batch({ threadId: 1, timeOriginMs: T0 }))
    await store.ingest(trace().enter(1, 10).enter(2, 20).messageSend(1, 1, false, 20).exit(2, 30).exit(1, 40).batch({ threadId: 0, timeOriginMs: T0 }))
    const onMessage = (await store.query(`SELECT call_id FROM calls_named WHERE name = 'onMessage'`))[0]!.call_id
    expect(await rows(store, `SELECT step, via, name, thread_id, origin FROM why(${onMessage})`)).toMatchInlineSnapshot(`
      "
      step via     name      thread_id origin
      0    self    onMessage 1         NULL
      1    message post      0         NULL
      2    caller  main      0         NULL
      "
    `)
  })

  it('reads channel 0, a Web Worker\'s side before it knows its id, as the worker thread\'s own id', async () => {
    const store = await open()
    // Thread 7 of the session: what its page gave it when it joined.
    const worker = trace().linkIn(M, 0, 100).messageReceive(0, 1, false, 100).enter(4, 101).enter(5, 102).messageSend(0, 1, true, 103).exit(5, 104).exit(4, 105).linkEnd(M, 0, 106)
    const parent = trace().enter(2, 10).messageSend(7, 1, false, 10).exit(2, 11)
      .linkIn(M, 0, 200).messageReceive(7, 1, true, 200).enter(3, 201).exit(3, 202).linkEnd(M, 0, 203)
    await store.ingest(parent.batch({ threadId: 0, timeOriginMs: T0 }))
    await store.ingest(worker.batch({ threadId: 7, timeOriginMs: T0 }))
    expect(await rows(store, `SELECT m.channel, m.direction, m.number, s.name AS sent_by, r.name AS received_by
      FROM message_pairs m LEFT JOIN calls_named s ON s.call_id = m.send_call_id LEFT JOIN calls_named r ON r.call_id = m.recv_call_id
      ORDER BY m.direction`)).toMatchInlineSnapshot(`
        "
        channel direction number sent_by received_by
        7       down      1      post    onMessage
        7       up        1      reply   onReply
        "
      `)
  })

  it('gives a receipt outside a Message window, or below the depth it opened at, no receiving call', async () => {
    const t = trace()
      .messageReceive(1, 1, false, 10)
      .linkIn(LinkKind.Timer, 0, 20).messageReceive(1, 2, false, 20).enter(1, 21).exit(1, 22).linkEnd(LinkKind.Timer, 0, 23)
      .linkIn(M, 0, 30).enter(1, 31).messageReceive(1, 3, false, 32).enter(2, 33).exit(2, 34).exit(1, 35).linkEnd(M, 0, 36)
      // A window that ends before any call enters (the outer one's end is never recorded).
      .linkIn(M, 0, 40).linkIn(M, 0, 41).messageReceive(1, 4, false, 41).linkEnd(M, 0, 42)
      // Still waiting when the batch ends: `finishThread` settles it.
      .linkIn(M, 0, 50).messageReceive(1, 5, false, 50)
    const result = correlateBatch(createThreadState(), t.batch({ threadId: 1 }), 1)
    expect(result.messages.map(m => `#${m.number} ${m.callId ?? 'none'}`)).toEqual(['#1 none', '#2 none', '#3 none', '#4 none'])
    expect(result.state.windows.at(-1)?.receipt).toMatchObject({ number: 5 })
    expect(finishThread(result.state).messages).toEqual([{ isReceive: true, callId: null, ts: 50, channel: 1, isUpward: false, number: 5 }])
  })
})
