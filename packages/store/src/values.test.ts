import type { Store } from './index.ts'
import { RecordKind, ValueRole } from '@execscope/core'
import { afterEach, describe, expect, it } from 'vitest'
import { functionSites, queryRows as rows, tempStore } from '../test/helpers.ts'
import { trace } from '../test/trace-builder.ts'
import { createStore, createTraceQueries } from './index.ts'

// Perfetto-style diff tests: a tiny trace with value records, ingested, one query, rows compared.
// Sites: 1 main, 2 loadConfig, 3 readFile, 4 parse, 5 format.

const VALUES = 'SELECT call_id, utid, site_id, ts, role, preview, is_error, error_name, error_message FROM values ORDER BY call_id'
const ERRORS = 'SELECT call_id, name, line, ts, origin_call_id, is_origin, frames, origin_name, origin_line, error_name, error_message FROM errors'
const DROPS = 'SELECT ts, count, reason FROM drops ORDER BY ts, reason'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

async function open(options: Parameters<typeof tempStore>[0] = {}): Promise<Store> {
  const opened = await tempStore(options)
  cleanups.push(opened.dispose)
  await opened.store.upsertSites(functionSites('src/config.ts', ['main', 'loadConfig', 'readFile', 'parse', 'format'], i => 10 * (i + 1)), 'v1')
  return opened.store
}

describe('values', () => {
  it('stores, at close, the arguments of a call entered untimed as the thread\'s last event', async () => {
    const opened = await tempStore()
    await opened.store.upsertSites(functionSites('src/config.ts', ['main', 'loadConfig'], i => 10 * (i + 1)), 'v1')
    // Its start waits for a timed record that never comes: the thread's last event places it.
    await opened.store.ingest(trace().enter(1, 100).enter(2).value(ValueRole.Arguments, '{"path":"app.json"}').batch())
    await opened.store.close()
    const reader = await createStore({ file: opened.file, readOnly: true })
    try {
      expect(await rows(reader, 'SELECT site_id, ts, role, preview FROM values')).toMatchInlineSnapshot(`
        "
        site_id ts  role      preview
        2       100 arguments {"path":"app.json"}
        "
      `)
    }
    finally {
      await reader.close()
      await opened.dispose().catch(() => {})
    }
  })

  it('stores what a call threw, with the Error\'s name and message as columns', async () => {
    const store = await open()
    await store.ingest(trace()
      .enter(1, 0).enter(4, 10).throws(4, 20).thrownError('SyntaxError', 'Unexpected token } in JSON', 'SyntaxError: Unexpected token\n    at parse (src/config.ts:40:3)')
      .exit(1, 30)
      .batch())
    expect(await rows(store, VALUES)).toMatchInlineSnapshot(`
      "
      call_id utid site_id ts role   preview                                                                                                               is_error error_name  error_message
      2       1    4       20 thrown ["err","SyntaxError","Unexpected token } in JSON","SyntaxError: Unexpected token\\n    at parse (src/config.ts:40:3)"] true     SyntaxError Unexpected token } in JSON
      "
    `)
    expect(await rows(store, ERRORS)).toMatchInlineSnapshot(`
      "
      call_id name  line ts origin_call_id is_origin frames origin_name origin_line error_name  error_message
      2       parse 40   20 2              true      0      parse       40          SyntaxError Unexpected token } in JSON
      "
    `)
    expect(await rows(store, DROPS)).toBe('(no rows)')
  })

  it('points every frame an error propagated through to the innermost throw, where it was previewed', async () => {
    const store = await open()
    await store.ingest(trace()
      .enter(1, 0)
      // An earlier error, caught inside loadConfig: not where the later one came from.
      .enter(2, 10).enter(5, 11).throws(5, 12).thrownError('RangeError', 'bad width')
      .enter(3, 20).enter(4, 30).throws(4, 40).thrownError('TypeError', 'Cannot read properties of undefined (reading \'port\')')
      .throws(3, 41).throws(2, 42)
      .exit(1, 50)
      .batch())
    expect(await rows(store, ERRORS)).toMatchInlineSnapshot(`
      "
      call_id name       line ts origin_call_id is_origin frames origin_name origin_line error_name error_message
      3       format     50   12 3              true      0      format      50          RangeError bad width
      5       parse      40   40 5              true      0      parse       40          TypeError  Cannot read properties of undefined (reading 'port')
      4       readFile   30   41 5              false     1      parse       40          TypeError  Cannot read properties of undefined (reading 'port')
      2       loadConfig 20   42 5              false     2      parse       40          TypeError  Cannot read properties of undefined (reading 'port')
      "
    `)
  })

  it('keeps an outer frame\'s own value as its own origin (an error wrapped and thrown again)', async () => {
    const store = await open()
    await store.ingest(trace()
      .enter(2, 0).enter(4, 10).throws(4, 20).thrownError('SyntaxError', 'Unexpected end of JSON input')
      .throws(2, 30).thrownError('Error', 'Could not load config')
      .batch())
    expect(await rows(store, ERRORS)).toMatchInlineSnapshot(`
      "
      call_id name       line ts origin_call_id is_origin frames origin_name origin_line error_name  error_message
      1       loadConfig 20   30 1              true      0      loadConfig  20          Error       Could not load config
      2       parse      40   20 2              true      0      parse       40          SyntaxError Unexpected end of JSON input
      "
    `)
  })

  it('stores a returned value and a thrown value that is not an Error', async () => {
    const store = await open()
    await store.ingest(trace()
      .enter(1, 0).enter(4, 10).exit(4, 20).value(ValueRole.Returned, '{"port":8080,"host":"localhost","tags":["arr",["a","ü"]]}')
      .enter(5, 30).throws(5, 40).value(ValueRole.Thrown, '"boom"')
      .exit(1, 50)
      .batch())
    expect(await rows(store, VALUES)).toMatchInlineSnapshot(`
      "
      call_id utid site_id ts role     preview                                                   is_error error_name error_message
      2       1    4       20 returned {"port":8080,"host":"localhost","tags":["arr",["a","ü"]]} false    NULL       NULL
      3       1    5       40 thrown   "boom"                                                    false    NULL       NULL
      "
    `)
    expect(await rows(store, `SELECT preview->>'$.host' AS host, json_type(preview) AS type FROM values WHERE role = 'returned'`)).toMatchInlineSnapshot(`
      "
      host      type
      localhost OBJECT
      "
    `)
  })

  it('stores the arguments a call was entered with, also when they come in the next batch, and no others', async () => {
    const store = await open()
    const t = trace()
      .enter(1, 0).value(ValueRole.Arguments, '{"path":"app.json"}')
      .enter(4, 10).value(ValueRole.Arguments, '{"text":"{\\"port\\":8080}","reviver":["u"]}').exit(4, 20).value(ValueRole.Returned, '{"port":8080}')
      // Not right after an Enter: read, counted as a drop, not stored.
      .value(ValueRole.Arguments, '{"lost":true}')
      .exit(1, 30)
    const cut = t.records.findIndex(r => (r[0]! & 0xFF) === RecordKind.Enter && r[1] === 4) + 1
    for (const batch of t.batches([cut])) await store.ingest(batch)
    expect(await rows(store, VALUES)).toMatchInlineSnapshot(`
      "
      call_id utid site_id ts role      preview                                    is_error error_name error_message
      1       1    1       0  arguments {"path":"app.json"}                        false    NULL       NULL
      2       1    4       10 arguments {"text":"{\\"port\\":8080}","reviver":["u"]} false    NULL       NULL
      2       1    4       20 returned  {"port":8080}                              false    NULL       NULL
      "
    `)
    expect(await rows(store, DROPS)).toMatchInlineSnapshot(`
      "
      ts count reason
      20 3     value
      "
    `)
  })

  it('reassembles a value split across two batches, also when the second arrives first', async () => {
    const t = trace().enter(1, 0).enter(4, 10).throws(4, 20).thrownError('TypeError', 'x is not a function; a message longer than one bytes record').exit(1, 30)
    const valueAt = t.records.findIndex(r => r[0] === RecordKind.Value)
    for (const cut of [valueAt, valueAt + 3]) {
      for (const isReversed of [false, true]) {
        const store = await open()
        const batches = t.batches([cut])
        expect(batches).toHaveLength(2)
        if (isReversed) batches.reverse()
        await Promise.all(batches.map(batch => store.ingest(batch)))
        expect(await rows(store, 'SELECT call_id, role, error_name, error_message FROM values')).toMatchInlineSnapshot(`
          "
          call_id role   error_name error_message
          2       thrown TypeError  x is not a function; a message longer than one bytes record
          "
        `)
        expect(await rows(store, DROPS)).toBe('(no rows)')
      }
    }
  })

  it('keeps a partial value when a batch fails to commit, and completes it when the batch is sent again', async () => {
    let shouldFail = false
    const store = await open({ beforeCommit: () => {
      if (shouldFail) throw new Error('disk full (injected)')
    } })
    const t = trace().enter(4, 10).throws(4, 20).thrownError('TypeError', 'split in three, the middle one fails once').enter(1, 30).exit(1, 40)
    const valueAt = t.records.findIndex(r => r[0] === RecordKind.Value)
    const [first, second, third] = t.batches([valueAt + 1, valueAt + 3])
    await store.ingest(first!)
    shouldFail = true
    await expect(store.ingest(second!)).rejects.toThrow(/disk full/)
    shouldFail = false
    await store.ingest(second!)
    await store.ingest(third!)
    expect(await rows(store, 'SELECT call_id, error_message FROM values')).toMatchInlineSnapshot(`
      "
      call_id error_message
      1       split in three, the middle one fails once
      "
    `)
    expect(await rows(store, DROPS)).toBe('(no rows)')
  })

  it('counts malformed values as drops, stores none of them, and accepts the batch', async () => {
    const store = await open()
    const t = trace()
      .enter(1, 0)
      // Bytes without a Value record.
      .valueBytes('"stray bytes, 2 records"')
      // A Value with no Throw or Return just before it.
      .enter(2, 10).value(ValueRole.Thrown, '"no exit"')
      // A Value of the wrong role: a thrown value after a Return.
      .exit(2, 20).value(ValueRole.Thrown, '"wrong role"')
      // A Value cut short by an Enter.
      .enter(3, 30).throws(3, 40).valueHeader(ValueRole.Thrown, 30).valueBytes('"only 12 byt').enter(4, 50)
      // Invalid UTF-8, then invalid JSON.
      .throws(4, 60).valueHeader(ValueRole.Thrown, 4).valueBytes(Uint8Array.of(0x22, 0xC3, 0x28, 0x22))
      .enter(5, 70).exit(5, 80).value(ValueRole.Returned, '{"unclosed": ')
      .exit(1, 90)
    expect(await store.ingest(t.batch())).toEqual({ calls: 5, dropped: 13, openCalls: 0 })
    expect(await rows(store, VALUES)).toBe('(no rows)')
    expect(await rows(store, DROPS)).toMatchInlineSnapshot(`
      "
      ts count reason
      0  2     value
      10 2     value
      20 2     value
      40 2     value
      60 2     value
      80 3     value
      "
    `)
    expect(await rows(store, 'SELECT call_id, site_id, status FROM calls ORDER BY call_id')).toMatchInlineSnapshot(`
      "
      call_id site_id status
      1       1       return
      2       2       return
      3       3       throw
      4       4       throw
      5       5       return
      "
    `)
  })

  it('drops a value whose rest was lost in a sequence gap', async () => {
    const store = await open({ reorder: { holdMs: 0 } })
    const t = trace().enter(4, 10).throws(4, 20).thrownError('TypeError', 'the end of this message never arrives').enter(1, 30).exit(1, 40)
    const valueAt = t.records.findIndex(r => r[0] === RecordKind.Value)
    const [first, , third] = t.batches([valueAt + 2, valueAt + 3])
    await store.ingest(first!)
    await store.ingest(third!)
    // 'value': its 2 records before the gap, and the 4 bytes records after it that belong to no value.
    expect(await rows(store, DROPS)).toMatchInlineSnapshot(`
      "
      ts count reason
      20 1     gap
      20 6     value
      "
    `)
    expect(await rows(store, VALUES)).toBe('(no rows)')
  })
})

describe('summary', () => {
  it('lists the most frequent thrown errors, each counted once however many frames it went through', async () => {
    const store = await open()
    const t = trace().enter(1, 0)
    for (let i = 0; i < 3; i++) t.enter(2, 100 * i + 10).enter(4, 100 * i + 20).throws(4, 100 * i + 30).thrownError('SyntaxError', 'Unexpected token', `at parse #${i}`).throws(2, 100 * i + 31)
    for (let i = 0; i < 2; i++) t.enter(5, 1000 + i).throws(5, 1000 + i).value(ValueRole.Thrown, '{"code":42}')
    t.enter(3, 2000).throws(3, 2001).thrownError('Error', 'ENOENT: no such file')
    t.enter(3, 2010).exit(3, 2011).value(ValueRole.Returned, '"not an error"')
    // A call that caught what its callee threw, called another, then threw an error of its own: two errors.
    t.enter(6, 2100).enter(7, 2110).throws(7, 2120).enter(8, 2130).exit(8, 2140).throws(6, 2150)
    await store.ingest(t.exit(1, 3000).batch())
    const { topErrors, throws, errors } = await store.summary()
    expect(throws).toBe(11)
    expect(errors).toBe(8)
    expect(topErrors).toMatchInlineSnapshot(`
      [
        {
          "count": 3,
          "errorName": "SyntaxError",
          "file": "src/config.ts",
          "line": 40,
          "message": "Unexpected token",
          "name": "parse",
        },
        {
          "count": 2,
          "errorName": null,
          "file": "src/config.ts",
          "line": 50,
          "message": "{"code":42}",
          "name": "format",
        },
        {
          "count": 1,
          "errorName": "Error",
          "file": "src/config.ts",
          "line": 30,
          "message": "ENOENT: no such file",
          "name": "readFile",
        },
      ]
    `)
  })
})

describe('createTraceQueries', () => {
  it('reads a call\'s value and the frames of a thrown error', async () => {
    const store = await open()
    await store.ingest(trace()
      .enter(2, 0).enter(4, 10).throws(4, 20).thrownError('TypeError', 'boom').throws(2, 30)
      .enter(5, 40).exit(5, 50).value(ValueRole.Returned, '[1,2]')
      .batch())
    const q = createTraceQueries(store)
    expect(await q.values(3)).toMatchInlineSnapshot(`
      [
        {
          "callId": 3,
          "errorMessage": null,
          "errorName": null,
          "isError": false,
          "preview": "[1,2]",
          "role": "returned",
          "siteId": 5,
          "ts": 50,
          "utid": 1,
        },
      ]
    `)
    expect(await q.values(1)).toEqual([])
    expect((await q.errors()).map(e => [e.callId, e.name, e.originCallId, e.frames, e.errorName])).toEqual([[2, 'parse', 2, 0, 'TypeError'], [1, 'loadConfig', 2, 1, 'TypeError']])
    expect((await q.errors({ isOrigin: true })).map(e => e.callId)).toEqual([2])
    expect((await q.errors({ originCallId: 2, limit: 1 })).map(e => e.callId)).toEqual([2])
  })
})
