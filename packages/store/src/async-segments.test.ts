import type { Store } from './index.ts'
import { afterEach, describe, expect, it } from 'vitest'
import { formatRows, tempStore } from '../test/helpers.ts'
import { trace } from '../test/trace-builder.ts'
import { createTraceQueries } from './index.ts'

// Async functions and generators run in segments; these traces interleave them on one thread.
const NAMES: Record<number, string> = { 1: 'main', 2: 'x', 3: 'y', 4: 'leaf', 5: 'f', 6: 'g', 7: 'other', 10: 'A', 11: 'B', 12: 'C', 13: 'D', 20: 'gen' }

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

async function open(): Promise<Store> {
  const opened = await tempStore()
  cleanups.push(opened.dispose)
  await opened.store.upsertSites(Object.entries(NAMES).map(([id, name]) => ({
    siteId: Number(id),
    key: `src/app.ts#${name}#0`,
    kind: 'function' as const,
    name,
    file: 'src/app.ts',
    line: Number(id),
    column: 1,
    isAsync: Number(id) >= 10,
    isGenerator: Number(id) === 20,
  })), 'v1')
  return opened.store
}

/** One line per time: the names on the stack, outermost first. */
async function stacks(store: Store, times: number[]): Promise<string[]> {
  const out: string[] = []
  for (const at of times) {
    const rows = await store.query('SELECT name FROM stack_at(1, $1)', [at])
    out.push(`${at}: ${rows.map(r => r.name).join(' > ') || '(idle)'}`)
  }
  return out
}

// main calls A and B (async, not awaited); both suspend; then they resume in turn from the event loop.
const interleaved = trace()
  .enter(1, 0)
  .enter(10, 10, 1).suspend(10, 1, 20)
  .enter(11, 30, 2).suspend(11, 2, 40)
  .exit(1, 50)
  .resume(10, 1, 100).enter(5, 110).exit(5, 120).suspend(10, 1, 130)
  .resume(11, 2, 200).enter(6, 205).exit(6, 208).exit(11, 210, 2)
  .resume(10, 1, 300).exit(10, 310, 1)

describe('call_segments', () => {
  it('has one row per segment of the calls that suspended, and none for sync calls', async () => {
    const store = await open()
    await store.ingest(interleaved.batch())
    expect(formatRows(await store.query(`SELECT s.call_id, c.name, s.ts, s.end_ts, s.stack_order, s.stack_depth, c.segments
      FROM call_segments s JOIN calls_named c USING (call_id) ORDER BY s.call_id, s.ts`))).toMatchInlineSnapshot(`
        "
        call_id name ts  end_ts stack_order stack_depth segments
        2       A    10  20     2           1           3
        2       A    100 130    3           0           3
        2       A    300 310    5           0           3
        3       B    30  40     3           1           2
        3       B    200 210    4           0           2
        "
      `)
  })
})

describe('stack_at', () => {
  it('leaves out async calls while they are suspended', async () => {
    const store = await open()
    await store.ingest(interleaved.batch())
    expect(await stacks(store, [15, 35, 45, 60, 115, 150, 206, 250, 305])).toMatchInlineSnapshot(`
      [
        "15: main > A",
        "35: main > B",
        "45: main",
        "60: (idle)",
        "115: A > f",
        "150: (idle)",
        "206: B > g",
        "250: (idle)",
        "305: A",
      ]
    `)
  })

  it('puts a generator resumed by a later, deeper caller above that caller', async () => {
    const store = await open()
    await store.ingest(trace()
      .enter(1, 0).enter(20, 5, 3).suspend(20, 3, 10).exit(1, 15)
      .enter(2, 20).enter(3, 25).resume(20, 3, 30).enter(4, 32).exit(4, 34).suspend(20, 3, 36).exit(3, 40).exit(2, 45)
      .enter(7, 50).resume(20, 3, 51).exit(20, 52, 3).exit(7, 53)
      .batch())
    expect(await stacks(store, [7, 12, 27, 33, 38, 51])).toMatchInlineSnapshot(`
      [
        "7: main > gen",
        "12: main",
        "27: x > y",
        "33: x > y > gen > leaf",
        "38: x > y",
        "51: other > gen",
      ]
    `)
  })

  it('through the typed API', async () => {
    const store = await open()
    await store.ingest(interleaved.batch())
    const q = createTraceQueries(store)
    expect((await q.stackAt(1, 115)).map(c => `#${c.callId} ${c.name}`)).toMatchInlineSnapshot(`
      [
        "#2 A",
        "#4 f",
      ]
    `)
    expect(await q.stackAt(1, 60)).toEqual([])
  })
})

describe('call_tree', () => {
  // main → A; A's second segment → B; B's → C; C's → D; D's → leaf: each async call outlives its caller.
  const handOffs = trace()
    .enter(1, 0).enter(10, 5, 1).suspend(10, 1, 6).exit(1, 20)
    .resume(10, 1, 100).enter(11, 101, 2).suspend(11, 2, 102).exit(10, 110, 1)
    .enter(7, 150).exit(7, 160)
    .resume(11, 2, 200).enter(12, 201, 3).suspend(12, 3, 202).exit(11, 210, 2)
    .resume(12, 3, 300).enter(13, 301, 4).suspend(13, 4, 302).exit(12, 310, 3)
    .enter(7, 350).enter(5, 351).exit(5, 352).exit(7, 353)
    .resume(13, 4, 400).enter(4, 401).exit(4, 402).exit(13, 410, 4)

  it('lists descendants made in later segments, after any number of async hand-offs, and nothing else', async () => {
    const store = await open()
    await store.ingest(handOffs.batch())
    expect(formatRows(await store.query('SELECT call_id, name, parent_id, ts, end_ts, tree_depth FROM call_tree(1)'))).toMatchInlineSnapshot(`
      "
      call_id name parent_id ts  end_ts tree_depth
      1       main NULL      0   20     0
      2       A    1         5   110    1
      3       B    2         101 210    2
      5       C    3         201 310    3
      6       D    5         301 410    4
      9       leaf 6         401 402    5
      "
    `)
  })

  it('through the typed API, from an async call whose later segment makes calls', async () => {
    const store = await open()
    await store.ingest(handOffs.batch())
    const q = createTraceQueries(store)
    expect((await q.callTree(2)).map(n => `${'  '.repeat(n.treeDepth)}#${n.callId} ${n.name}`)).toMatchInlineSnapshot(`
      [
        "#2 A",
        "  #3 B",
        "    #5 C",
        "      #6 D",
        "        #9 leaf",
      ]
    `)
  })
})
