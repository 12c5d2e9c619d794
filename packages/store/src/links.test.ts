import type { Store } from './index.ts'
import { LinkKind, RecordKind, ValueRole } from '@execscope/core'
import { afterEach, describe, expect, it } from 'vitest'
import { functionSites, queryRows as rows, tempStore } from '../test/helpers.ts'
import { trace } from '../test/trace-builder.ts'
import { createTraceQueries } from './index.ts'

// Perfetto-style diff tests: a tiny trace with link records, ingested, one query, rows compared.
// Sites: 1 main, 2 setup, 3 onTimer, 4 inner, 5 onValue, 6 tick, 7 onClick.

const LINKS = 'SELECT kind, from_call_id, from_utid, to_call_id, to_utid, ts FROM links ORDER BY to_call_id, from_call_id'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

async function open(options: Parameters<typeof tempStore>[0] = {}): Promise<Store> {
  const opened = await tempStore(options)
  cleanups.push(opened.dispose)
  await opened.store.upsertSites(functionSites('src/app.ts', ['main', 'setup', 'onTimer', 'inner', 'onValue', 'tick', 'onClick']), 'v1')
  return opened.store
}

describe('links', () => {
  it('links a timer to the call that set it; the callback\'s first call is the effect', async () => {
    const store = await open()
    await store.ingest(trace()
      .enter(1, 0).enter(2, 10).linkOut(LinkKind.Timer, 7, 15).exit(2, 20).exit(1, 30)
      // No call running: a timer set at top level has no cause.
      .linkOut(LinkKind.Timer, 8, 40)
      .linkIn(LinkKind.Timer, 7, 100).enter(3, 101).enter(4, 102).exit(4, 103).exit(3, 110).enter(4, 111).exit(4, 112).linkEnd(LinkKind.Timer, 7, 113)
      .linkIn(LinkKind.Timer, 8, 200).enter(3, 201).exit(3, 202).linkEnd(LinkKind.Timer, 8, 203)
      .batch())
    expect(await rows(store, LINKS)).toMatchInlineSnapshot(`
      "
      kind  from_call_id from_utid to_call_id to_utid ts
      timer 2            1         3          1       15
      "
    `)
  })

  it('links a promise reaction, untimed records taking the time of the event before', async () => {
    const store = await open()
    await store.ingest(trace()
      .enter(1, 50).linkOut(LinkKind.Promise, 3).exit(1, 60)
      .linkIn(LinkKind.Promise, 3).enter(5).exit(5, 70).linkEnd(LinkKind.Promise, 3)
      .batch())
    expect(await rows(store, LINKS)).toMatchInlineSnapshot(`
      "
      kind    from_call_id from_utid to_call_id to_utid ts
      promise 1            1         2          1       50
      "
    `)
  })

  it('links every firing of an interval to the call that set it, and nothing to a callback that enters no function', async () => {
    const store = await open()
    const t = trace().enter(2, 0).linkOut(LinkKind.Timer, 4, 5).exit(2, 10)
    for (let i = 1; i <= 3; i++) t.linkIn(LinkKind.Timer, 4, i * 1000).enter(6, i * 1000 + 1).exit(6, i * 1000 + 2).linkEnd(LinkKind.Timer, 4, i * 1000 + 3)
    t.linkIn(LinkKind.Timer, 4, 5000).linkEnd(LinkKind.Timer, 4, 5001).enter(6, 5002).exit(6, 5003)
    await store.ingest(t.batch())
    expect(await rows(store, LINKS)).toMatchInlineSnapshot(`
      "
      kind  from_call_id from_utid to_call_id to_utid ts
      timer 1            1         2          1       5
      timer 1            1         3          1       5
      timer 1            1         4          1       5
      "
    `)
  })

  it('links a cause to an effect hours later in another batch that arrived before the one between them', async () => {
    const store = await open()
    const hours = 3 * 3600e9
    const t = trace()
      .enter(2, 1000).linkOut(LinkKind.Timer, 0xFFFFFFFF, 1500).exit(2, 2000)
      .enter(1, 5000).exit(1, 6000)
      .linkIn(LinkKind.Timer, 0xFFFFFFFF, hours).enter(3, hours + 10).exit(3, hours + 20).linkEnd(LinkKind.Timer, 0xFFFFFFFF, hours + 30)
    const [first, second, third] = t.batches([4, 7])
    await store.ingest(first!)
    // The third batch waits in the reorder buffer until the second arrives.
    const late = store.ingest(third!)
    await store.ingest(second!)
    await late
    expect(await rows(store, LINKS)).toMatchInlineSnapshot(`
      "
      kind  from_call_id from_utid to_call_id to_utid ts
      timer 1            1         3          1       1500
      "
    `)
    expect(await rows(store, 'SELECT batch_id, first_seq, record_count, gap FROM batches ORDER BY batch_id')).toMatchInlineSnapshot(`
      "
      batch_id first_seq record_count gap
      1        0         4            0
      2        4         3            0
      3        7         4            0
      "
    `)
  })

  it('does not answer a reused token with the cause of its earlier use', async () => {
    const store = await open()
    await store.ingest(trace()
      .enter(2, 0).linkOut(LinkKind.Timer, 5, 1).exit(2, 2)
      .linkIn(LinkKind.Timer, 5, 10).enter(3, 11).exit(3, 12).linkEnd(LinkKind.Timer, 5, 13)
      // The token comes round again, set at top level this time: its firing has no cause.
      .linkOut(LinkKind.Timer, 5, 20)
      .linkIn(LinkKind.Timer, 5, 30).enter(3, 31).exit(3, 32).linkEnd(LinkKind.Timer, 5, 33)
      .batch())
    expect(await rows(store, LINKS)).toMatchInlineSnapshot(`
      "
      kind  from_call_id from_utid to_call_id to_utid ts
      timer 1            1         2          1       1
      "
    `)
  })

  it('forgets the oldest causes past the cap and counts the unanswered ones in batches', async () => {
    const store = await open({ maxLinkCausesPerThread: 4 })
    const t = trace().enter(2, 0)
    for (let token = 1; token <= 9; token++) t.linkOut(LinkKind.Timer, token, token)
    t.exit(2, 10)
    for (const token of [1, 9]) t.linkIn(LinkKind.Timer, token, 100 + token).enter(3, 101 + token).exit(3, 102 + token).linkEnd(LinkKind.Timer, token, 103 + token)
    await store.ingest(t.batch())
    expect(await rows(store, LINKS)).toMatchInlineSnapshot(`
      "
      kind  from_call_id from_utid to_call_id to_utid ts
      timer 1            1         3          1       9
      "
    `)
    expect(await rows(store, 'SELECT record_count, forgotten_causes FROM batches')).toMatchInlineSnapshot(`
      "
      record_count forgotten_causes
      20           6
      "
    `)
  })

  it('records a call started from outside the app (token 0) in call_origins', async () => {
    const store = await open()
    await store.ingest(trace()
      .linkIn(LinkKind.Event, 0, 100).enter(7, 101).enter(4, 102).exit(4, 103).exit(7, 104).linkEnd(LinkKind.Event, 0, 105)
      .batch())
    expect(await rows(store, 'SELECT call_id, utid, kind FROM call_origins')).toMatchInlineSnapshot(`
      "
      call_id utid kind
      1       1    event
      "
    `)
  })

  it('stores what a user\'s input event was, from the Event value after its LinkIn, however batches are cut', async () => {
    const store = await open()
    const t = trace()
      .linkIn(LinkKind.Event, 0, 100).value(ValueRole.Event, '["click","button#save"]').enter(7, 101).exit(7, 104).linkEnd(LinkKind.Event, 0, 105)
      .linkIn(LinkKind.Event, 0, 200).value(ValueRole.Event, '["keydown","window"]').enter(7, 201).exit(7, 204).linkEnd(LinkKind.Event, 0, 205)
      // An event value that follows nothing it can describe is a 'value' drop; the origin keeps no event.
      .linkIn(LinkKind.Event, 0, 300).enter(8, 301).value(ValueRole.Event, '["input",null]').exit(8, 304).linkEnd(LinkKind.Event, 0, 305)
    // Cut between the second LinkIn (with its anchor) and its value.
    const cut = t.records.findIndex((r, i) => i > 8 && r[0] === RecordKind.Value)
    expect([t.records[cut - 1]![0]! & 0xFF, t.records[cut - 1]![2]]).toEqual([RecordKind.LinkIn, 0])
    for (const batch of t.batches([cut])) await store.ingest(batch)
    expect(await rows(store, 'SELECT call_id, kind, event_type, event_target FROM call_origins ORDER BY call_id')).toMatchInlineSnapshot(`
      "
      call_id kind  event_type event_target
      1       event click      button#save
      2       event keydown    window
      3       event NULL       NULL
      "
    `)
    expect(await rows(store, 'SELECT reason, count FROM drops')).toMatchInlineSnapshot(`
      "
      reason count
      value  3
      "
    `)
    expect((await createTraceQueries(store).why(1)).at(-1)!.origin).toBe('click on button#save')
  })
})

describe('why', () => {
  it('follows a link back through a timer to the call that set it, on to its root and to the click that started it', async () => {
    const store = await open()
    await store.ingest(trace()
      .linkIn(LinkKind.Event, 0, 0).enter(7, 1).enter(2, 2).linkOut(LinkKind.Timer, 1, 3).exit(2, 4).exit(7, 5).linkEnd(LinkKind.Event, 0, 6)
      .linkIn(LinkKind.Timer, 1, 100).enter(3, 101).enter(4, 102).exit(4, 103).exit(3, 104).linkEnd(LinkKind.Timer, 1, 105)
      .batch())
    expect(await rows(store, 'SELECT step, via, call_id, name, utid, thread_id FROM why(4)')).toMatchInlineSnapshot(`
      "
      step via    call_id name    utid thread_id
      0    self   4       inner   1    0
      1    caller 3       onTimer 1    0
      2    timer  2       setup   1    0
      3    caller 1       onClick 1    0
      4    event  NULL    NULL    1    0
      "
    `)
    const steps = await createTraceQueries(store).why(4)
    expect(steps.map(s => `${s.step} ${s.via} ${s.callId === null ? `(outside the app, thread ${s.threadId})` : `#${s.callId} ${s.name}`}`)).toMatchInlineSnapshot(`
      [
        "0 self #4 inner",
        "1 caller #3 onTimer",
        "2 timer #2 setup",
        "3 caller #1 onClick",
        "4 event (outside the app, thread 0)",
      ]
    `)
  })
})
