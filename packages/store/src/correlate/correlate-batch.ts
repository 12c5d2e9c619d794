import type { DecodedBatch } from '@execscope/core'
import type { DropRow } from './rows.ts'
import type { Frame, ThreadState } from './thread-state.ts'
import { RECORD_WORDS, RecordFlag, RecordKind, TIME_HIGH_UNIT } from '@execscope/core'
import { BatchContentError } from './batch-content-error.ts'
import { BatchSequenceError } from './batch-sequence-error.ts'
import { CallColumns, STATUS_RETURN, STATUS_THROW, STATUS_UNFINISHED, TIMING_ESTIMATED, TIMING_MEASURED } from './rows.ts'
import { cloneThreadState } from './thread-state.ts'

/** What one batch turns into; `state` replaces the thread's state once the rows are stored. */
export interface CorrelatedBatch {
  state: ThreadState
  calls: CallColumns
  drops: DropRow[]
  nextCallId: number
}

const HALF_SEQ_RANGE = 2 ** 31
const MAX_CLOCK_HIGH = 2 ** 21

/**
 * Replays one batch of a thread's records on a copy of its state (the input is not modified):
 * a stack of running calls, plus the suspended async calls keyed by async id.
 *
 * Throws `BatchSequenceError` when the batch starts before the thread's next expected record,
 * `BatchContentError` when a time is out of range.
 * Call rows are appended to `into` when given (a reused buffer), else to a new `CallColumns`.
 */
export function correlateBatch(input: ThreadState, batch: DecodedBatch, firstCallId: number, into?: CallColumns): CorrelatedBatch {
  const state = cloneThreadState(input)
  const calls = into ?? new CallColumns((batch.recordCount >>> 1) + 16)
  const drops: DropRow[] = []
  let nextCallId = firstCallId
  const { stack, suspended } = state

  if (state.nextSeq !== undefined && batch.firstSeq !== state.nextSeq) {
    // Sequence numbers wrap at 2^32: "ahead" is a forward distance below half the range.
    const ahead = (batch.firstSeq - state.nextSeq) >>> 0
    if (ahead >= HALF_SEQ_RANGE) {
      throw new BatchSequenceError(
        `thread ${batch.threadId} of session ${batch.sessionId} sent records from ${batch.firstSeq}, but records up to ${(state.nextSeq - 1) >>> 0} are already stored (expected ${state.nextSeq} next); it is a duplicate or arrived out of order`,
        batch.firstSeq,
        state.nextSeq,
      )
    }
    drops.push({ ts: state.lastTs, count: ahead, reason: 'gap' })
  }
  else if (state.nextSeq === undefined && batch.firstSeq !== 0) {
    // A thread's records are numbered from 0: the batches before this one never arrived.
    drops.push({ ts: state.lastTs, count: batch.firstSeq, reason: 'gap' })
  }
  state.nextSeq = (batch.firstSeq + batch.recordCount) >>> 0

  const addDrop = (ts: number, count: number, reason: DropRow['reason']): void => {
    const last = drops.at(-1)
    // Coalesce runs (one lost entry can orphan many exits) so the table stays small.
    if (last && last.reason === reason && last.ts === ts) last.count += count
    else drops.push({ ts, count, reason })
  }

  const close = (frame: Frame, end: number, status: number, isExitTimed: boolean): void => {
    calls.push(frame.callId, frame.siteId, frame.parentId === null ? -1 : frame.parentId, frame.depth, frame.ts, end - frame.ts, frame.selfDur, status, frame.isEntryTimed && isExitTimed ? TIMING_MEASURED : TIMING_ESTIMATED, frame.asyncId, frame.segments)
  }

  /** Closes the frames above `index` as unfinished (their exits were lost) and returns the frame at `index`. */
  const unwindTo = (index: number, end: number): Frame => {
    while (stack.length - 1 > index) {
      const frame = stack.pop()!
      if (frame.asyncId !== 0) suspended.delete(frame.asyncId)
      close(frame, end, STATUS_UNFINISHED, false)
    }
    return stack.pop()!
  }

  const findOnStack = (siteId: number, asyncId: number): number => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const frame = stack[i]!
      if (frame.siteId === siteId && frame.asyncId === asyncId) return i
    }
    return -1
  }

  /** An exit or suspend for a suspended async id: the resume was skipped (an await rejected). */
  const resumeImplicitly = (asyncId: number): void => {
    const frame = asyncId === 0 ? undefined : suspended.get(asyncId)
    if (!frame) return
    suspended.delete(asyncId)
    frame.segments++
    stack.push(frame)
  }

  const records = batch.records
  for (let i = 0; i < records.length; i += RECORD_WORDS) {
    const w0 = records[i]!
    const kind = w0 & 0xFF
    const siteId = records[i + 1]!
    const payload = records[i + 2]! >>> 0
    if (kind === RecordKind.Clock) {
      // Times are ns since the thread's origin, exact as doubles below 2^53 (104 days).
      if (payload >= MAX_CLOCK_HIGH)
        throw new BatchContentError(`record ${i / RECORD_WORDS} is a clock anchor ${payload} × 2^32 ns after the thread's time origin, more than the 104 days a trace can hold`)
      state.clockHigh = payload
      continue
    }
    const isTimed = ((w0 >>> 8) & RecordFlag.Timed) !== 0
    let t = isTimed ? state.clockHigh * TIME_HIGH_UNIT + (records[i + 3]! >>> 0) : state.lastTs
    // Time never runs backwards on one thread; a late or skewed reading adds no time.
    if (t < state.lastTs) t = state.lastTs
    const top = stack.length > 0 ? stack[stack.length - 1]! : undefined
    if (top !== undefined) top.selfDur += t - state.lastTs
    state.lastTs = t

    switch (kind) {
      case RecordKind.Enter: {
        if (payload !== 0) {
          const stale = suspended.get(payload)
          if (stale) {
            suspended.delete(payload)
            close(stale, t, STATUS_UNFINISHED, false)
          }
        }
        const parent = stack.length > 0 ? stack[stack.length - 1]! : undefined
        stack.push({
          callId: nextCallId++,
          siteId,
          asyncId: payload,
          parentId: parent ? parent.callId : null,
          depth: parent ? parent.depth + 1 : 0,
          ts: t,
          isEntryTimed: isTimed,
          selfDur: 0,
          segments: 1,
        })
        break
      }
      case RecordKind.Return:
      case RecordKind.Throw:
      case RecordKind.Suspend: {
        if (kind === RecordKind.Suspend && payload === 0) {
          // Only async functions and generators suspend; without an async id it cannot be paired.
          addDrop(t, 1, 'orphan')
          break
        }
        resumeImplicitly(payload)
        const index = findOnStack(siteId, payload)
        if (index < 0) {
          addDrop(t, 1, 'orphan')
          break
        }
        const frame = unwindTo(index, t)
        if (kind === RecordKind.Suspend) suspended.set(payload, frame)
        else close(frame, t, kind === RecordKind.Return ? STATUS_RETURN : STATUS_THROW, isTimed)
        break
      }
      case RecordKind.Resume: {
        const frame = suspended.get(payload)
        if (frame) {
          suspended.delete(payload)
          frame.segments++
          stack.push(frame)
        }
        // A resume of a call that is already running is redundant; one we never saw start is lost.
        else if (findOnStack(siteId, payload) < 0) {
          addDrop(t, 1, 'orphan')
        }
        break
      }
      case RecordKind.Drop:
        addDrop(t, payload, 'ring-full')
        break
    }
  }
  return { state, calls, drops, nextCallId }
}

/** Gives up on every call still open: rows with status `unfinished` ending at the thread's last event. */
export function finishThread(state: ThreadState): CallColumns {
  const rows = new CallColumns(state.stack.length + state.suspended.size + 1)
  const end = state.lastTs
  const open = [...state.stack.slice().reverse(), ...state.suspended.values()]
  for (const frame of open)
    rows.push(frame.callId, frame.siteId, frame.parentId ?? -1, frame.depth, frame.ts, end - frame.ts, frame.selfDur, STATUS_UNFINISHED, TIMING_ESTIMATED, frame.asyncId, frame.segments)
  return rows
}
