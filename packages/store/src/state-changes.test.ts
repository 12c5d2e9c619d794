import type { Store } from './index.ts'
import { ValueRole } from '@execscope/core'
import { afterEach, describe, expect, it } from 'vitest'
import { queryRows as rows, tempStore } from '../test/helpers.ts'
import { trace } from '../test/trace-builder.ts'
import { createStore } from './index.ts'

// Perfetto-style diff tests for state records: a tiny trace, ingested, one query, rows compared.
// Sites: 1 TodoStore.add (a method), 10 TodoStore.items and 11 TodoStore.count (assignments).

const CHANGES = 'SELECT utid, call_id, ts, target, key, old_preview, new_preview FROM state_changes ORDER BY ts, key'
const DROPS = 'SELECT ts, count, reason FROM drops ORDER BY ts, reason'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

async function open(): Promise<Store> {
  const opened = await tempStore({})
  cleanups.push(opened.dispose)
  const site = (siteId: number, kind: 'method' | 'state', name: string): Parameters<Store['upsertSites']>[0][number] =>
    ({ siteId, key: `src/todo.ts#${name}#0`, kind, name, file: 'src/todo.ts', line: siteId, column: 5, isAsync: false, isGenerator: false })
  await opened.store.upsertSites([site(1, 'method', 'TodoStore.add'), site(10, 'state', 'TodoStore.items'), site(11, 'state', 'TodoStore.count')], 'v1')
  return opened.store
}

describe('state changes', () => {
  it('names the target and key from the site and keeps both previews', async () => {
    const store = await open()
    await store.ingest(trace()
      .enter(1, 0).state(10, 1, 5, [['a']]).state(11, 1, 6, [0, 1]).exit(1, 10)
      .enter(1, 20).state(10, 2, 25, [['x'], ['x', 'y']]).exit(1, 30)
      .state(11, 1, 40, [1, 2])
      .batch())
    expect(await rows(store, CHANGES)).toMatchInlineSnapshot(`
      "
      utid call_id ts target      key   old_preview new_preview
      1    1       5  TodoStore#1 items NULL        ["a"]
      1    1       6  TodoStore#1 count 0           1
      1    2       25 TodoStore#2 items ["x"]       ["x","y"]
      1    NULL    40 TodoStore#1 count 1           2
      "
    `)
    expect(await rows(store, `SELECT key, value, changed_at, call_id FROM state_at('TodoStore#1', 39)`)).toMatchInlineSnapshot(`
      "
      key   value changed_at call_id
      count 1     6          1
      items ["a"] 5          1
      "
    `)
    expect(await rows(store, DROPS)).toBe('(no rows)')
  })

  it('pairs a state record with previews that arrive in the next batch', async () => {
    const store = await open()
    const t = trace().enter(1, 0).state(10, 1, 5, [['a', 'b', 'c', 'd', 'e']]).exit(1, 10)
    // Cut after the State record and in the middle of the value's bytes.
    for (const batch of t.batches([3, 5])) await store.ingest(batch)
    expect(await rows(store, CHANGES)).toMatchInlineSnapshot(`
      "
      utid call_id ts target      key   old_preview new_preview
      1    1       5  TodoStore#1 items NULL        ["a","b","c","d","e"]
      "
    `)
    expect(await rows(store, DROPS)).toBe('(no rows)')
  })

  it('stores a change without previews when they never come, and counts a value cut short', async () => {
    const store = await open()
    await store.ingest(trace()
      .enter(1, 0).state(10, 1, 5).state(11, 1, 6)
      .valueHeader(ValueRole.State, 40).valueBytes('[1,2]')
      .exit(1, 10)
      .batch())
    expect(await rows(store, CHANGES)).toMatchInlineSnapshot(`
      "
      utid call_id ts target      key   old_preview new_preview
      1    1       5  TodoStore#1 items NULL        NULL
      1    1       6  TodoStore#1 count NULL        NULL
      "
    `)
    expect(await rows(store, DROPS)).toMatchInlineSnapshot(`
      "
      ts count reason
      6  2     value
      "
    `)
  })

  it('keeps the last change of a thread whose previews were still to come when the store closes', async () => {
    const opened = await tempStore({})
    const { store } = opened
    await store.ingest(trace().enter(1, 0).state(10, 1, 5).batch())
    await store.close()
    cleanups.push(opened.dispose)
    const reader = await createStore({ file: opened.file, readOnly: true })
    cleanups.push(async () => reader.close())
    expect(await rows(reader, 'SELECT call_id, ts, site_id, instance, old_preview, new_preview FROM state_records')).toMatchInlineSnapshot(`
      "
      call_id ts site_id instance old_preview new_preview
      1       5  10      1        NULL        NULL
      "
    `)
  })
})
