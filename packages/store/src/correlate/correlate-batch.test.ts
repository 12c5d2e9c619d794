import type { CallColumns } from './rows.ts'
import { ValueRole } from '@execscope/core'
import { describe, expect, it } from 'vitest'
import { trace } from '../../test/trace-builder.ts'
import { BatchSequenceError } from './batch-sequence-error.ts'
import { correlateBatch, finishThread } from './correlate-batch.ts'
import { createThreadState } from './thread-state.ts'

function brief(columns: CallColumns): string[] {
  const rows = columns.rows()
  return rows.map(r => `#${r.callId} site ${r.siteId} parent ${r.parentId ?? '-'} depth ${r.depth} ts ${r.ts} dur ${r.dur} self ${r.selfDur} ${r.status} ${r.timing}${r.asyncId === null ? '' : ` async ${r.asyncId} segments ${r.segments}`}`)
}

describe('correlateBatch', () => {
  it('closes the frames above a matching exit as thrown: with no records lost, only an exception skips an exit', () => {
    const t = trace().enter(1, 0).enter(2, 10).enter(3, 20).exit(1, 50)
    const { calls, drops, state } = correlateBatch(createThreadState(), t.batch(), 1)
    expect(brief(calls)).toMatchInlineSnapshot(`
      [
        "#3 site 3 parent 2 depth 2 ts 20 dur 30 self 30 throw estimated",
        "#2 site 2 parent 1 depth 1 ts 10 dur 40 self 10 throw estimated",
        "#1 site 1 parent - depth 0 ts 0 dur 50 self 10 return measured",
      ]
    `)
    expect(drops).toEqual([])
    expect(state.stack).toEqual([])
  })

  it('closes a frame as unfinished when records were lost after it started (a drop), as thrown when it started after the loss', () => {
    const t = trace().enter(1, 0).enter(2, 10).drop(3).enter(3, 20).exit(1, 50)
    const { calls } = correlateBatch(createThreadState(), t.batch(), 1)
    expect(brief(calls)).toMatchInlineSnapshot(`
      [
        "#3 site 3 parent 2 depth 2 ts 20 dur 30 self 30 throw estimated",
        "#2 site 2 parent 1 depth 1 ts 10 dur 40 self 10 unfinished estimated",
        "#1 site 1 parent - depth 0 ts 0 dur 50 self 10 return measured",
      ]
    `)
    const gapped = trace().enter(1, 0).enter(2, 10).enter(3, 20).exit(1, 50)
    // The batch with the second entry never arrived: the call entered after the gap was left by an exception.
    const [first, , third] = gapped.batches([2, 3])
    const after = correlateBatch(createThreadState(), first!, 1)
    const { calls: rest } = correlateBatch(after.state, third!, after.nextCallId)
    expect(brief(rest)).toMatchInlineSnapshot(`
      [
        "#2 site 3 parent 1 depth 1 ts 20 dur 30 self 30 throw estimated",
        "#1 site 1 parent - depth 0 ts 0 dur 50 self 20 return measured",
      ]
    `)
  })

  it('counts an exit without a matching entry as an orphan drop', () => {
    const t = trace().enter(1, 0).exit(2, 10).exit(2, 11).exit(1, 20)
    const { calls, drops } = correlateBatch(createThreadState(), t.batch(), 1)
    expect(brief(calls)).toMatchInlineSnapshot(`
      [
        "#1 site 1 parent - depth 0 ts 0 dur 20 self 20 return measured",
      ]
    `)
    expect(drops).toMatchInlineSnapshot(`
      [
        {
          "count": 1,
          "reason": "orphan",
          "ts": 10,
        },
        {
          "count": 1,
          "reason": "orphan",
          "ts": 11,
        },
      ]
    `)
  })

  it('treats an exit of a suspended async call as an implicit resume (a rejected await skips the resume)', () => {
    const t = trace().enter(10, 0, 5).suspend(10, 5, 10).enter(1, 20).exit(1, 30).throws(10, 40, 5)
    const { calls } = correlateBatch(createThreadState(), t.batch(), 1)
    expect(brief(calls)).toMatchInlineSnapshot(`
      [
        "#2 site 1 parent - depth 0 ts 20 dur 10 self 10 return measured",
        "#1 site 10 parent - depth 0 ts 0 dur 40 self 10 throw measured async 5 segments 2",
      ]
    `)
  })

  it('ignores a redundant resume of a running call and pairs a suspend after an implicit resume', () => {
    const t = trace().enter(10, 0, 5).resume(10, 5, 1).suspend(10, 5, 10).suspend(10, 5, 20).resume(10, 5, 30).exit(10, 35, 5)
    const { calls, drops } = correlateBatch(createThreadState(), t.batch(), 1)
    expect(brief(calls)).toMatchInlineSnapshot(`
      [
        "#1 site 10 parent - depth 0 ts 0 dur 35 self 15 return measured async 5 segments 3",
      ]
    `)
    expect(drops).toEqual([])
  })

  it('nests a generator\'s segments under whoever calls next()', () => {
    // caller → gen (id 3) yields; caller2 → gen resumes inside it, calls leaf, returns.
    const t = trace().enter(1, 0).enter(20, 5, 3).suspend(20, 3, 10).exit(1, 15)
      .enter(2, 20).resume(20, 3, 25).enter(4, 30).exit(4, 32).exit(20, 35, 3).exit(2, 40)
    const { calls } = correlateBatch(createThreadState(), t.batch(), 1)
    expect(brief(calls)).toMatchInlineSnapshot(`
      [
        "#1 site 1 parent - depth 0 ts 0 dur 15 self 10 return measured",
        "#4 site 4 parent 2 depth 2 ts 30 dur 2 self 2 return measured",
        "#2 site 20 parent 1 depth 1 ts 5 dur 30 self 13 return measured async 3 segments 2",
        "#3 site 2 parent - depth 0 ts 20 dur 20 self 10 return measured",
      ]
    `)
  })

  it('keeps its input untouched and carries the stack across batches', () => {
    const t = trace().enter(1, 0).enter(2, 10).exit(2, 20).exit(1, 30)
    const [a, b] = t.batches([3])
    const initial = createThreadState()
    const first = correlateBatch(initial, a!, 1)
    expect(initial).toEqual(createThreadState())
    const again = correlateBatch(first.state, b!, first.nextCallId)
    expect(first.state.stack).toHaveLength(2)
    expect(brief(again.calls)).toMatchInlineSnapshot(`
      [
        "#2 site 2 parent 1 depth 1 ts 10 dur 10 self 10 return measured",
        "#1 site 1 parent - depth 0 ts 0 dur 30 self 20 return measured",
      ]
    `)
  })

  it('leaves the time the runtime spent on value previews out of the self time of the call they ran in', () => {
    // outer(req) previews its argument (4 ns), calls inner, whose return value is previewed (3 ns,
    // in outer, after inner's exit), then changes state (2 ns); inner threw nothing.
    const t = trace()
      .enter(1, 0)
      .value(ValueRole.Arguments, '{"req":1}', 4)
      .enter(2, 10)
      .exit(2, 12)
      .value(ValueRole.Returned, '42', 3)
      .state(7, 1, 20, [1, 2], 2)
      .exit(1, 30)
    const { calls, values } = correlateBatch(createThreadState(), t.batch(), 1)
    expect(brief(calls)).toMatchInlineSnapshot(`
      [
        "#2 site 2 parent 1 depth 1 ts 10 dur 2 self 2 return measured",
        "#1 site 1 parent - depth 0 ts 0 dur 30 self 19 return measured",
      ]
    `)
    expect(values.map(v => v.preview)).toEqual(['{"req":1}', '42'])
    // A preview longer than the time that arrived before its call ended (untimed records after it) leaves 0, not less.
    const quick = trace().enter(1, 0).value(ValueRole.Arguments, '{"a":1}', 50).exit(1, 10)
    expect(brief(correlateBatch(createThreadState(), quick.batch(), 1).calls)).toEqual(['#1 site 1 parent - depth 0 ts 0 dur 10 self 0 return measured'])
  })

  it('carries a partial value across batches without writing into its input\'s bytes', () => {
    const t = trace().enter(1, 0).throws(1, 10).value(ValueRole.Thrown, '["err","Error","spread over four records",null]')
    // Cut right after the Throw, then in the middle of the bytes.
    const [a, b, c] = t.batches([3, 5])
    const first = correlateBatch(createThreadState(), a!, 1)
    expect(first.state.exitCallId).toBe(1)
    const second = correlateBatch(first.state, b!, first.nextCallId)
    const held = structuredClone(second.state.value)
    expect(held).toMatchObject({ callId: 1, received: 1, expected: 4 })
    // A batch replayed and thrown away (a failed commit) leaves the partial value as it was.
    correlateBatch(second.state, c!, second.nextCallId)
    expect(second.state.value).toEqual(held)
    const third = correlateBatch(second.state, c!, second.nextCallId)
    expect(third.values).toMatchInlineSnapshot(`
      [
        {
          "callId": 1,
          "errorMessage": "spread over four records",
          "errorName": "Error",
          "isError": true,
          "preview": "["err","Error","spread over four records",null]",
          "role": 1,
          "siteId": 1,
          "ts": 10,
        },
      ]
    `)
    expect(third.state.value).toBeUndefined()
  })

  it('rejects a batch behind the expected sequence, also across the 2^32 wrap', () => {
    const t = trace().enter(1).exit(1)
    const state = { ...createThreadState(), nextSeq: 5 }
    expect(() => correlateBatch(state, t.batch({ firstSeq: 3 }), 1)).toThrow(BatchSequenceError)
    const wrapped = { ...createThreadState(), nextSeq: 2 }
    expect(() => correlateBatch(wrapped, t.batch({ firstSeq: 0xFFFFFFFF }), 1)).toThrow(BatchSequenceError)
    const ahead = correlateBatch({ ...createThreadState(), nextSeq: 0xFFFFFFFE }, t.batch({ firstSeq: 1 }), 1)
    expect(ahead.drops).toEqual([{ ts: 0, count: 3, reason: 'gap' }])
    expect(ahead.state.nextSeq).toBe(3)
  })

  it('replays the calls after a full ring at the depth the Drop record says, not under calls that ended in the loss', () => {
    // main > handler > step were running when the ring filled; step and handler ended in the loss,
    // and `later` (its Enter lost) was entered and still runs: the calls after the loss are its.
    const t = trace()
      .enter(1, 0)
      .enter(2, 10)
      .enter(3, 20)
      .drop(500, 2, 1)
      .enter(4, 1000)
      .exit(4, 1010)
      .exit(9, 1020)
      .enter(5, 1030)
      .exit(5, 1040)
      .exit(1, 1050)
    const { calls, drops, state } = correlateBatch(createThreadState(), t.batch(), 1)
    expect(brief(calls)).toMatchInlineSnapshot(`
      [
        "#3 site 3 parent 2 depth 2 ts 20 dur 0 self 0 unfinished estimated",
        "#2 site 2 parent 1 depth 1 ts 10 dur 10 self 10 unfinished estimated",
        "#4 site 4 parent 1 depth 1 ts 1000 dur 10 self 10 return measured",
        "#5 site 5 parent 1 depth 1 ts 1030 dur 10 self 10 return measured",
        "#1 site 1 parent - depth 0 ts 0 dur 1050 self 30 return measured",
      ]
    `)
    // The exit of `later` (site 9) is its stand-in's, not an orphan.
    expect(drops).toEqual([{ ts: 20, count: 500, reason: 'ring-full' }])
    expect(state.stack).toEqual([])
  })

  it('does not take a Drop record at its word when it claims a deeper stack than any thread has', () => {
    const t = trace().enter(1, 0).drop(0x7FFFFFFF, 0, 0x7FFFFFFF).enter(4, 100).exit(4, 110).exit(1, 120)
    const { calls, state } = correlateBatch(createThreadState(), t.batch(), 1)
    expect(brief(calls).map(row => row.split(' ').slice(0, 7).join(' '))).toEqual(['#2 site 4 parent 1 depth 1', '#1 site 1 parent - depth 0'])
    expect(state.stack).toEqual([])
  })

  it('ends an async call that was suspended when records were lost, and never resumed after, where the loss began', () => {
    // handler (async 9) awaits; the ring fills (its resume and return are lost); more work follows.
    // A second async call (async 8) suspended before the loss resumes after it: it was not lost.
    const t = trace().enter(5, 0, 9).suspend(5, 9, 10).enter(6, 20, 8).suspend(6, 8, 30)
      .enter(1, 40).exit(1, 50).drop(100).enter(1, 5000).exit(1, 5010).resume(6, 8, 6000).exit(6, 6010, 8).enter(1, 9000).exit(1, 9010)
    const a = correlateBatch(createThreadState(), t.batch(), 1)
    expect(brief(a.calls).filter(row => row.includes('async'))).toMatchInlineSnapshot(`
      [
        "#2 site 6 parent - depth 0 ts 20 dur 5990 self 20 return measured async 8 segments 2",
      ]
    `)
    expect(brief(finishThread(a.state).calls)).toMatchInlineSnapshot(`
      [
        "#1 site 5 parent - depth 0 ts 0 dur 50 self 10 unfinished estimated async 9 segments 1",
      ]
    `)
    // The same when the batch with its resume and return never arrived (a sequence gap).
    const gapped = trace().enter(5, 0, 9).suspend(5, 9, 10).enter(1, 40).exit(1, 50).resume(5, 9, 60).exit(5, 70, 9).enter(1, 9000).exit(1, 9010)
    const [first, , third] = gapped.batches([5, 8])
    const before = correlateBatch(createThreadState(), first!, 1)
    const after = correlateBatch(before.state, third!, before.nextCallId)
    expect(brief(finishThread(after.state).calls)).toEqual(['#1 site 5 parent - depth 0 ts 0 dur 50 self 10 unfinished estimated async 9 segments 1'])
  })

  it('keeps the stand-in of a call entered in a loss across batches, and gives it no row when the thread ends', () => {
    const t = trace().enter(1, 0).drop(10, 0, 2).enter(4, 100).exit(4, 110).exit(7, 120)
    const [first, second] = t.batches([3])
    const a = correlateBatch(createThreadState(), first!, 1)
    const b = correlateBatch(a.state, second!, a.nextCallId)
    expect(brief(b.calls)).toMatchInlineSnapshot(`
      [
        "#2 site 4 parent 1 depth 1 ts 100 dur 10 self 10 return measured",
      ]
    `)
    expect(b.drops).toEqual([])
    const rest = finishThread(b.state)
    expect(brief(rest.calls)).toMatchInlineSnapshot(`
      [
        "#1 site 1 parent - depth 0 ts 0 dur 120 self 0 unfinished estimated",
      ]
    `)
  })

  it('counts ring-full drops and coalesces orphans at one time', () => {
    const t = trace().enter(1, 0).drop(40).exit(2).exit(3).exit(1, 10)
    expect(correlateBatch(createThreadState(), t.batch(), 1).drops).toMatchInlineSnapshot(`
      [
        {
          "count": 40,
          "reason": "ring-full",
          "ts": 0,
        },
        {
          "count": 2,
          "reason": "orphan",
          "ts": 0,
        },
      ]
    `)
  })

  it('starts an untimed call at its first timed record, not at the stale time before a stretch with no records', () => {
    // main (timed) runs a counted stretch (no records but a Count) for 90 ms, then enters tiny and
    // Tiny's constructor untimed; the constructor's `this.a = 1` writes a timed State record.
    const t = trace()
      .enter(1, 0)
      .enter(2, 10)
      .exit(2, 12)
      .count(2, 1000)
      .enter(3)
      .enter(4)
      .state(7, 1, 90_000_000)
      .exit(4)
      .exit(3)
      .exit(1, 90_000_010)
    const { calls, states } = correlateBatch(createThreadState(), t.batch(), 1)
    // The 90 ms are main's self time; tiny and the constructor start with the State record.
    expect(brief(calls)).toMatchInlineSnapshot(`
      [
        "#2 site 2 parent 1 depth 1 ts 10 dur 2 self 2 return measured",
        "#4 site 4 parent 3 depth 2 ts 90000000 dur 0 self 0 return estimated",
        "#3 site 3 parent 1 depth 1 ts 90000000 dur 0 self 0 return estimated",
        "#1 site 1 parent - depth 0 ts 0 dur 90000010 self 90000008 return measured",
      ]
    `)
    expect(states.map(s => [s.callId, s.ts])).toEqual([[4, 90_000_000]])
  })

  it('starts an untimed call that a sampled call runs in at the sample, with its arguments, however batches are cut', () => {
    const t = trace()
      .enter(1, 0)
      .enter(2)
      .value(ValueRole.Arguments, '{"n":1}', 5)
      .enter(3, 100)
      .exit(3, 110)
      .exit(2)
      .exit(1, 120)
    const whole = correlateBatch(createThreadState(), t.batch(), 1)
    expect(brief(whole.calls)).toMatchInlineSnapshot(`
      [
        "#3 site 3 parent 2 depth 2 ts 100 dur 10 self 10 return measured",
        "#2 site 2 parent 1 depth 1 ts 100 dur 10 self 0 return estimated",
        "#1 site 1 parent - depth 0 ts 0 dur 120 self 105 return measured",
      ]
    `)
    expect(whole.values.map(v => [v.callId, v.ts])).toEqual([[2, 100]])
    // Cut after the arguments: the call waits for its start in the thread's state.
    const [a, b] = t.batches([3])
    const first = correlateBatch(createThreadState(), a!, 1)
    expect(first.values).toEqual([])
    const second = correlateBatch(first.state, b!, first.nextCallId)
    expect(brief(second.calls)).toEqual(brief(whole.calls))
    expect(second.values).toEqual(whole.values)
  })

  it('keeps an untimed call at the previous time when something was recorded inside it first', () => {
    // Call 3 ended inside call 2 before any time came: 2 cannot start after it.
    const t = trace().enter(1, 0).enter(2).enter(3).exit(3).state(7, 1, 100).exit(2).exit(1, 120)
    expect(brief(correlateBatch(createThreadState(), t.batch(), 1).calls)).toMatchInlineSnapshot(`
      [
        "#3 site 3 parent 2 depth 2 ts 0 dur 0 self 0 return estimated",
        "#2 site 2 parent 1 depth 1 ts 0 dur 100 self 100 return estimated",
        "#1 site 1 parent - depth 0 ts 0 dur 120 self 20 return measured",
      ]
    `)
  })

  it('combines the clock anchor with the low time word', () => {
    const t = trace().enter(1, 2 ** 32 - 10).exit(1, 2 ** 32 + 10)
    expect(brief(correlateBatch(createThreadState(), t.batch(), 1).calls)).toMatchInlineSnapshot(`
      [
        "#1 site 1 parent - depth 0 ts 4294967286 dur 20 self 20 return measured",
      ]
    `)
  })
})

describe('finishThread', () => {
  it('gives up on running and suspended calls at the last event time', () => {
    const t = trace().enter(1, 0).enter(10, 5, 9).suspend(10, 9, 8).enter(2, 12)
    const { state } = correlateBatch(createThreadState(), t.batch(), 1)
    expect(brief(finishThread(state).calls)).toMatchInlineSnapshot(`
      [
        "#3 site 2 parent 1 depth 1 ts 12 dur 0 self 0 unfinished estimated",
        "#1 site 1 parent - depth 0 ts 0 dur 12 self 9 unfinished estimated",
        "#2 site 10 parent 1 depth 1 ts 5 dur 7 self 3 unfinished estimated async 9 segments 1",
      ]
    `)
  })

  it('stores the arguments of a call entered last, untimed, with nothing after it, at the last event', () => {
    const t = trace().enter(1, 0).exit(1, 10).enter(2).value(ValueRole.Arguments, '{"a":1}')
    const { state, values } = correlateBatch(createThreadState(), t.batch(), 1)
    expect(values).toEqual([])
    const last = finishThread(state)
    expect(brief(last.calls)).toEqual(['#2 site 2 parent - depth 0 ts 10 dur 0 self 0 unfinished estimated'])
    expect(last.values.map(v => [v.callId, v.ts, v.preview])).toEqual([[2, 10, '{"a":1}']])
  })
})
