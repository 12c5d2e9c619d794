import type { DecodedBatch } from '@execscope/core'
import type { ClosedCall, EnteredCall, PendingValue } from './pending-value.ts'
import type { MessageSideRow } from './message-rows.ts'
import type { CountRow, DropRow, LinkRow, OriginRow, StateRow, ValueRow } from './rows.ts'
import type { EffectWindow, Frame, ThreadState } from './thread-state.ts'
import { RECORD_WORDS, RecordFlag, RecordKind, TIME_HIGH_UNIT, ValueRole } from '@execscope/core'
import { BatchContentError } from './batch-content-error.ts'
import { BatchSequenceError } from './batch-sequence-error.ts'
import { receiptRow, receive, settleReceipts } from './message-rows.ts'
import { addValueBytes, finishEventValue, finishStateValue, finishValue, startArgumentsValue, startEventValue, startStateValue, startValue, valueRecords } from './pending-value.ts'
import { CallColumns, SegmentColumns, STATUS_RETURN, STATUS_THROW, STATUS_UNFINISHED, TIMING_ESTIMATED, TIMING_MEASURED } from './rows.ts'
import { callOf, cloneThreadState, isLostEntry, lostEntryFrame, makeFrame } from './thread-state.ts'

/** What one batch turns into; `state` replaces the thread's state once the rows are stored. */
export interface CorrelatedBatch {
  state: ThreadState
  calls: CallColumns
  /** Segments of calls that suspended, as each ended. */
  segments: SegmentColumns
  drops: DropRow[]
  /** Links whose effect was entered in this batch. */
  links: LinkRow[]
  /** Calls this batch entered as the effect of a cause outside the app. */
  origins: OriginRow[]
  /** Value previews completed in this batch. */
  values: ValueRow[]
  /** State changes whose previews came (or will not come) in this batch. */
  states: StateRow[]
  /** Counted (not recorded) calls of hot sites, one row per site. */
  counts: CountRow[]
  /** Sides of parent↔worker messages: sends as they came, receipts once their receiving call is known (or known to be none). */
  messages: MessageSideRow[]
  /** Unanswered link causes forgotten to keep the thread within its cap. */
  forgottenCauses: number
  /** The largest clock step (ns) the batch's Clock records reported; 0 when none did. */
  clockResolutionNs: number
  nextCallId: number
}

const HALF_SEQ_RANGE = 2 ** 31
const MAX_CLOCK_HIGH = 2 ** 21
/** Deeper than any JavaScript stack (V8's default stack holds about 10 000 frames). */
const MAX_STACK_DEPTH = 1 << 17
/** Open effect windows kept per thread: beyond this, windows whose end records were lost are given up, oldest first. */
const MAX_OPEN_WINDOWS = 1024

function clockError(record: number, high: number): BatchContentError {
  return new BatchContentError(`record ${record} is a clock anchor ${high} × 2^32 ns after the thread's time origin, more than the 104 days a trace can hold`)
}

/** Records were lost at `ts`: a suspended call's resume (and end) may be among them (see Frame.lossTs). */
function markSuspendedLost(suspended: Map<number, Frame>, ts: number): void {
  for (const frame of suspended.values()) if (frame.lossTs < 0) frame.lossTs = ts
}

/** Throws the `BatchContentError` that `correlateBatch` would throw for a time out of range, without replaying the batch. */
export function assertBatchTimes(batch: DecodedBatch): void {
  const records = batch.records
  for (let i = 0; i < records.length; i += RECORD_WORDS) {
    if ((records[i]! & 0xFF) === RecordKind.Clock && records[i + 2]! >>> 0 >= MAX_CLOCK_HIGH) throw clockError(i / RECORD_WORDS, records[i + 2]! >>> 0)
  }
}

/**
 * Replays one batch of a thread's records on a copy of its state (the input is not modified):
 * a stack of running calls, the suspended async calls keyed by async id, the causes of links by
 * token and the effect windows open (`RecordKind.LinkOut`/`LinkIn` say how they pair), and the
 * value preview being reassembled (`RecordKind.Value`). A malformed value (bytes without a
 * `Value`, a `Value` cut short by another record or a gap, or not following an exit of its role,
 * or not UTF-8 JSON) rejects nothing: its records are counted as a 'value' drop and it is not stored.
 *
 * Throws `BatchSequenceError` when the batch starts before the thread's next expected record,
 * `BatchContentError` when a time is out of range.
 * Call rows are appended to `into` when given (a reused buffer), else to a new `CallColumns`.
 */
export function correlateBatch(input: ThreadState, batch: DecodedBatch, firstCallId: number, into?: CallColumns): CorrelatedBatch {
  const state = cloneThreadState(input)
  const calls = into ?? new CallColumns((batch.recordCount >>> 1) + 16)
  const segments = new SegmentColumns()
  const drops: DropRow[] = []
  const links: LinkRow[] = []
  const origins: OriginRow[] = []
  const values: ValueRow[] = []
  const states: StateRow[] = []
  const counts = new Map<number, CountRow>()
  const messages: MessageSideRow[] = []
  let forgottenCauses = 0
  let clockResolutionNs = 0
  let nextCallId = firstCallId
  const { stack, suspended, causes, windows } = state

  const isAfterGap = state.nextSeq === undefined ? batch.firstSeq !== 0 : batch.firstSeq !== state.nextSeq
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
    state.lossCallId = firstCallId - 1
    markSuspendedLost(suspended, state.lastTs)
    // The records between an exit and its value, or the rest of a value, may be what never arrived.
    state.exitCallId = 0
    state.entered = undefined
    state.isAfterOriginLinkIn = false
    if (state.value !== undefined) {
      drops.push({ ts: state.lastTs, count: valueRecords(state.value), reason: 'value' })
      if (state.value.state !== undefined) states.push(state.value.state)
      state.value = undefined
    }
  }
  else if (state.nextSeq === undefined && batch.firstSeq !== 0) {
    // A thread's records are numbered from 0: the batches before this one never arrived.
    drops.push({ ts: state.lastTs, count: batch.firstSeq, reason: 'gap' })
    state.lossCallId = firstCallId - 1
  }
  state.nextSeq = (batch.firstSeq + batch.recordCount) >>> 0

  const addDrop = (ts: number, count: number, reason: DropRow['reason']): void => {
    const last = drops.at(-1)
    // Coalesce runs (one lost entry can orphan many exits) so the table stays small.
    if (last && last.reason === reason && last.ts === ts) last.count += count
    else drops.push({ ts, count, reason })
  }

  /** A running frame stops running at `end` (suspend, exit, or given up): a segment row if it ever suspended. */
  const endSegment = (frame: Frame, end: number): void => {
    if (frame.hasSuspended) segments.push(frame.callId, frame.segmentTs, end, frame.segmentOrder, frame.segmentDepth)
  }

  /** A suspended frame goes back onto the stack at `t`. */
  const resumeFrame = (frame: Frame, t: number): void => {
    frame.lossTs = -1
    frame.segments++
    frame.segmentTs = t
    frame.segmentOrder = nextCallId - 1
    frame.segmentDepth = stack.length
    stack.push(frame)
  }

  const close = (frame: Frame, end: number, status: number, isExitTimed: boolean): void => {
    calls.push(frame.callId, frame.siteId, frame.parentId === null ? -1 : frame.parentId, frame.depth, frame.ts, end - frame.ts, Math.max(0, frame.selfDur), status, frame.isEntryTimed && isExitTimed ? TIMING_MEASURED : TIMING_ESTIMATED, frame.asyncId, frame.segments)
  }

  /**
   * Closes the frames above `index`, whose exits never came, and returns the frame at `index`. A
   * frame entered since records were last lost was left by an exception (status throw: a field
   * initializer that threw, a stack overflow that cost the exit); one entered before may have lost
   * its exit (status unfinished).
   */
  const unwindTo = (index: number, end: number): Frame => {
    while (stack.length - 1 > index) {
      const frame = stack.pop()!
      giveUp(frame, end, frame.callId > state.lossCallId ? STATUS_THROW : STATUS_UNFINISHED)
    }
    return stack.pop()!
  }

  /** A frame popped without its exit ends at `end` with `status`; a stand-in for a lost entry has no row. */
  const giveUp = (frame: Frame, end: number, status: number): void => {
    if (isLostEntry(frame)) return
    if (frame.asyncId !== 0) suspended.delete(frame.asyncId)
    endSegment(frame, end)
    close(frame, end, status, false)
  }

  /**
   * A Drop record: of the calls running when the ring started refusing records, the top `ended`
   * ended while it did (their exits are among the lost records: unfinished, at `end`), and
   * `entered` calls whose Enter records were lost still run. Those get a stand-in frame each (see
   * lostEntryFrame), which the next exits pop: the runtime counted how the stack moved, so the
   * records after the loss are replayed at the right depth instead of under calls that ended.
   */
  const replayLoss = (ended: number, entered: number, end: number): void => {
    for (let k = 0; k < ended && stack.length > 0; k++) giveUp(stack.pop()!, end, STATUS_UNFINISHED)
    // No thread's stack is that deep: a batch that says so gets the site-matching replay instead.
    if (stack.length + entered > MAX_STACK_DEPTH) return
    for (let k = 0; k < entered; k++) stack.push(lostEntryFrame(stack.length > 0 ? stack[stack.length - 1] : undefined, end, stack.length))
  }

  /** The call just entered at stack length `depth` is the effect of the open windows waiting at that depth. */
  const fillWindows = (depth: number, callId: number): void => {
    for (let w = windows.length - 1; w >= 0; w--) {
      const window = windows[w]!
      if (window.isFilled || window.depth !== depth) continue
      window.isFilled = true
      if (window.receipt !== undefined) {
        messages.push(receiptRow(window.receipt, callId))
        window.receipt = undefined
      }
      if (window.cause) links.push({ kind: window.kind, fromCallId: window.cause.callId, toCallId: callId, ts: window.cause.ts })
      else if (window.isOrigin) origins.push({ callId, kind: window.kind, eventType: window.event?.[0] ?? null, eventTarget: window.event?.[1] ?? null })
    }
  }

  const openWindow = (kind: number, token: number): EffectWindow => {
    if (token === 0) return { kind, token, depth: stack.length, cause: undefined, isOrigin: true, isFilled: false }
    let cause = causes.get(token)
    if (cause !== undefined && cause.kind !== kind) cause = undefined
    // Answering refreshes the token (an interval fires again) and marks it answered; causes are shared with other forks, so copy.
    if (cause !== undefined) forgottenCauses += causes.set(token, cause.isAnswered ? cause : { ...cause, isAnswered: true })
    return { kind, token, depth: stack.length, cause, isOrigin: false, isFilled: false }
  }

  const closeWindow = (kind: number, token: number): void => {
    for (let w = windows.length - 1; w >= 0; w--) {
      const window = windows[w]!
      if (window.kind !== kind || window.token !== token) continue
      // Windows above it lost their end records: they close with it.
      settleReceipts(windows, w, messages)
      windows.length = w
      return
    }
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
    resumeFrame(frame, state.lastTs)
  }

  const records = batch.records
  let value: PendingValue | undefined = state.value
  /** Index of the latest Return or Throw record that ended a call: the one a value right after it describes. */
  let closedAt = -1

  /** Index of the record before index `at`, clock anchors aside (one may come between after a drain); -1: none in this batch. */
  const recordBefore = (at: number): number => {
    let j = at - RECORD_WORDS
    while (j >= 0 && (records[j]! & 0xFF) === RecordKind.Clock) j -= RECORD_WORDS
    return j
  }

  /**
   * The call whose exit is the record before index `at` (see recordBefore); undefined when that
   * record is anything else. Looked up only where a value
   * starts, so the replay of records without values does no work for them.
   */
  const exitBefore = (at: number): ClosedCall | undefined => {
    const j = recordBefore(at)
    if (j < 0) return state.exitCallId === 0 ? undefined : { callId: state.exitCallId, siteId: state.exitSiteId, isThrow: state.isExitThrow }
    if (j !== closedAt) return undefined
    // Nothing was pushed since that exit closed its call.
    const row = calls.length - 1
    return { callId: calls.callId[row]!, siteId: calls.siteId[row]!, isThrow: calls.status[row] === STATUS_THROW }
  }

  /** Index of the latest Enter record, and its call: what an arguments value right after it describes. */
  // Numbers, not an object: the replay must not allocate per call.
  let enteredAt = -1
  let enteredCallId = 0
  let enteredSiteId = 0
  let enteredTs = 0
  /** The call whose Enter is the record before index `at` (clock anchors aside), else undefined. */
  const enterBefore = (at: number): EnteredCall | undefined => {
    const j = recordBefore(at)
    if (j < 0) return state.entered
    return j === enteredAt ? { callId: enteredCallId, siteId: enteredSiteId, ts: enteredTs } : undefined
  }

  /** Whether the record before index `at` (clock anchors aside) is a LinkIn that opened an origin's window (token 0), which an Event value describes. */
  const originLinkInBefore = (at: number): boolean => {
    const j = recordBefore(at)
    if (j < 0) return state.isAfterOriginLinkIn && windows.length > 0
    return (records[j]! & 0xFF) === RecordKind.LinkIn && ((records[j]! >>> 8) & RecordFlag.LinkEnd) === 0 && records[j + 2] === 0 && windows.length > 0
  }

  /** A value that will not be stored: its records so far become a 'value' drop; a state change it previewed is stored without previews. */
  const dropValue = (dropped: PendingValue): void => {
    addDrop(state.lastTs, valueRecords(dropped), 'value')
    if (dropped.state !== undefined) states.push(dropped.state)
  }

  /** The change of the last State record gets no previews: something else came after it. */
  const settleStateRow = (): void => {
    if (state.stateRow === undefined) return
    states.push(state.stateRow)
    state.stateRow = undefined
  }

  /**
   * Places the start of the pending frames (`state.pendingFrames`, the top of the stack) at `t`,
   * the time of the record that ends their pending: the first record after their untimed Enter or
   * Resume records that carries a time and is not another such Enter or Resume, nor a Count.
   *
   * An untimed record happened somewhere between the timed records around it; the replay has no
   * better estimate for it than one of their times. Taking the previous one (the untimed record
   * "takes the time of the previous event") is right for exits and for anything recorded inside a
   * call, which then cannot end or happen before what came before it; but for an entry it is the
   * earliest start possible, and when the next record inside that call is timed, everything
   * between the two timed records becomes the call's duration and self time: a long stretch of
   * counted calls (`timing.hotCalls`, no record at all), uninstrumented work in the caller, or
   * just the caller's own time since its last sample, laid at the door of a call entered after
   * it (an untimed constructor whose `this.a = 1` writes a timed State record). So an untimed
   * entry is not given a time until the next record comes: if that one is timed, the call starts
   * then, the latest start possible, and the time since the previous timed record goes to the
   * frame below it, which was running before it and ran all along (the self time of the recorded
   * call the counted calls ran in, as README says). An estimated boundary then never lengthens a
   * call beyond what the clock readings prove (the call stays `estimated`); time before the
   * call's first timed record inside it may have been its own, but nothing says so.
   *
   * Only frames with nothing recorded inside them yet wait: anything recorded in a call (a call
   * it made that ended, a state change, a message, a link cause, a drop, ...) is stored with the
   * time it got, and its call must not start after it. The call it ran in (and the pending frames
   * below) then start at that untimed time, the previous event's, as before. Count records are
   * not inside the call (the runtime writes them at a site's slow path, before its Enter, and at
   * flushes), arguments previews belong to the frame's start and are held until it is placed, and
   * Clock and value records carry no time. What waits is in the thread's state, so the rows do
   * not depend on where batches are cut.
   *
   * The replay, not the runtime: an entry timed whenever counted calls ran since the last clock
   * reading would need e's fast path to note them (it is inlined into every instrumented
   * function), and the stale time is not only the counted calls': uninstrumented work, or a caller
   * between two of its samples, leaves the same gap before an untimed entry.
   */
  const settlePending = (t: number): void => {
    const from = stack.length - state.pendingFrames
    state.pendingFrames = 0
    const gap = t - state.lastTs
    if (gap > 0) {
      const below = from > 0 ? stack[from - 1]! : undefined
      for (let f = from; f < stack.length; f++) {
        const frame = stack[f]!
        frame.segmentTs = t
        if (frame.segments !== 1) continue
        frame.ts = t
        // An entered frame's self time so far is only the value previews left out of it (no time
        // has come since): they were made in the gap, which the frame below gets.
        if (below !== undefined) below.selfDur += frame.selfDur
        frame.selfDur = 0
      }
      if (below !== undefined) below.selfDur += gap
      state.lastTs = t
    }
    const held = state.heldValues
    for (let v = 0; v < held.length; v++) {
      held[v]!.ts = state.lastTs
      values.push(held[v]!)
    }
    held.length = 0
  }

  // Records were lost after the pending frames' entries: something may have happened inside them.
  if (isAfterGap && state.pendingFrames !== 0) settlePending(state.lastTs)

  for (let i = 0; i < records.length; i += RECORD_WORDS) {
    const w0 = records[i]!
    const kind = w0 & 0xFF
    const siteId = records[i + 1]!
    const payload = records[i + 2]! >>> 0
    if (kind === RecordKind.Clock) {
      // Times are ns since the thread's origin, exact as doubles below 2^53 (104 days).
      if (payload >= MAX_CLOCK_HIGH) throw clockError(i / RECORD_WORDS, payload)
      state.clockHigh = payload
      // Word 3: the thread's clock step in ns, as the runtime measured it (0: not said).
      if (records[i + 3]! > clockResolutionNs) clockResolutionNs = records[i + 3]!
      continue
    }
    if (kind === RecordKind.Value || kind === RecordKind.ValueBytes) {
      // Value records carry no time: ValueBytes words are data, and neither moves the clock.
      if (kind === RecordKind.ValueBytes) {
        if (value === undefined) addDrop(state.lastTs, 1, 'value')
        else if (addValueBytes(value, siteId, records[i + 2]!, records[i + 3]!)) {
          const changed = value.state
          if (value.role === ValueRole.Event) {
            if (!finishEventValue(value, windows)) dropValue(value)
          }
          else if (changed !== undefined) {
            if (finishStateValue(value, changed)) states.push(changed)
            else dropValue(value)
          }
          else {
            const row = finishValue(value)
            if (row === undefined) dropValue(value)
            // The arguments of a pending frame (the top one): stored once its start is placed.
            else if (state.pendingFrames !== 0 && row.role === ValueRole.Arguments) state.heldValues.push(row)
            else values.push(row)
          }
          value = undefined
        }
        continue
      }
      if (value !== undefined) dropValue(value)
      // Word 3: the time the runtime took to make this preview, in the running call (the callee for
      // arguments and state, the caller for a returned or thrown value): the recorder's time, not
      // the call's own (close() keeps self time from going below 0).
      const previewNs = records[i + 3]! >>> 0
      if (previewNs !== 0 && stack.length > 0) stack[stack.length - 1]!.selfDur -= previewNs
      // Word 1 is the role, word 2 the length (the decoder checked both).
      if (siteId === ValueRole.State && state.stateRow !== undefined) {
        value = startStateValue(payload, state.stateRow)
        state.stateRow = undefined
      }
      else {
        settleStateRow()
        value = siteId === ValueRole.Arguments
          ? startArgumentsValue(payload, enterBefore(i))
          : siteId === ValueRole.Event
            ? startEventValue(payload, originLinkInBefore(i) ? windows.length - 1 : undefined, state.lastTs)
            : startValue(siteId, payload, state.lastTs, exitBefore(i))
      }
      continue
    }
    if (value !== undefined) {
      // Cut short: the rest of its bytes never came.
      dropValue(value)
      value = undefined
    }
    settleStateRow()
    const isTimed = ((w0 >>> 8) & RecordFlag.Timed) !== 0
    let t = isTimed ? state.clockHigh * TIME_HIGH_UNIT + (records[i + 3]! >>> 0) : state.lastTs
    // Time never runs backwards on one thread; a late or skewed reading adds no time.
    if (t < state.lastTs) t = state.lastTs
    // A record that ends the wait of the pending frames: one with a time of its own, or an untimed
    // one recorded inside them (see settlePending). The time it brings went to the frame below.
    if (state.pendingFrames !== 0 && (isTimed || (kind !== RecordKind.Enter && kind !== RecordKind.Resume && kind !== RecordKind.Count))) settlePending(t)
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
        const parentId = parent === undefined ? null : callOf(parent)
        const callId = nextCallId++
        enteredAt = i
        enteredCallId = callId
        enteredSiteId = siteId
        enteredTs = t
        if (windows.length !== 0) fillWindows(stack.length, callId)
        stack.push(makeFrame(callId, siteId, payload, parentId, parent ? parent.depth + 1 : 0, t, isTimed, 0, 1, t, callId, stack.length, false))
        if (!isTimed) state.pendingFrames++
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
        // The exit of a call whose Enter was lost (after a Drop record, the records are exact).
        if (stack.length > 0 && isLostEntry(stack[stack.length - 1]!)) {
          stack.pop()
          break
        }
        const index = findOnStack(siteId, payload)
        if (index < 0) {
          addDrop(t, 1, 'orphan')
          break
        }
        const frame = unwindTo(index, t)
        if (kind === RecordKind.Suspend) {
          frame.hasSuspended = true
          suspended.set(payload, frame)
        }
        endSegment(frame, t)
        if (kind !== RecordKind.Suspend) {
          close(frame, t, kind === RecordKind.Return ? STATUS_RETURN : STATUS_THROW, isTimed)
          closedAt = i
        }
        break
      }
      case RecordKind.Resume: {
        const frame = suspended.get(payload)
        if (frame) {
          suspended.delete(payload)
          resumeFrame(frame, t)
          if (!isTimed) state.pendingFrames++
        }
        // A resume of a call that is already running is redundant; one we never saw start is lost.
        else if (findOnStack(siteId, payload) < 0) {
          addDrop(t, 1, 'orphan')
        }
        break
      }
      case RecordKind.Count: {
        // Word 1 is the site (0: one of two sharing a slot), the payload the calls counted since the
        // last one, signed: rarely negative (see RecordKind.Count), a correction to what went before.
        const calls = records[i + 2]! | 0
        const row = counts.get(siteId)
        if (row) {
          row.calls += calls
          row.ts = t
        }
        else counts.set(siteId, { siteId, calls, ts: t })
        break
      }
      case RecordKind.Drop:
        addDrop(t, payload, 'ring-full')
        state.lossCallId = nextCallId - 1
        // Word 1: calls that ended during the loss; word 3: calls entered during it still running.
        replayLoss(siteId, records[i + 3]!, t)
        markSuspendedLost(suspended, t)
        break
      case RecordKind.LinkOut: {
        // Word 1 is the link kind; at top level there is no cause, and a reused token must not answer to an old one.
        const cause = top === undefined ? null : callOf(top)
        if (cause !== null) forgottenCauses += causes.set(payload, { kind: siteId, callId: cause, ts: t, isAnswered: false })
        else if (causes.get(payload) !== undefined) forgottenCauses += causes.set(payload, null)
        break
      }
      case RecordKind.MessageSend:
      case RecordKind.MessageReceive: {
        // Word 1 is the channel (the worker's thread id), the payload the message's number in its
        // direction. A browser worker writes 0, "the channel to my parent", before it knows its id.
        const side = { ts: t, channel: siteId === 0 ? batch.threadId >>> 0 : siteId >>> 0, isUpward: ((w0 >>> 8) & RecordFlag.Upward) !== 0, number: payload }
        if (kind === RecordKind.MessageSend) messages.push({ isReceive: false, callId: top !== undefined ? callOf(top) : null, ...side })
        else receive(windows, stack.length, side, messages)
        break
      }
      case RecordKind.State:
        // Word 1 is the assignment's site, the payload the object's instance number; its previews may follow.
        state.stateRow = { callId: top !== undefined ? callOf(top) : null, siteId, instance: payload, ts: t, oldPreview: null, newPreview: null }
        break
      case RecordKind.LinkIn:
        if (((w0 >>> 8) & RecordFlag.LinkEnd) === 0) {
          if (windows.length >= MAX_OPEN_WINDOWS) settleReceipts([windows.shift()!], 0, messages)
          windows.push(openWindow(siteId, payload))
        }
        else closeWindow(siteId, payload)
        break
    }
  }
  state.entered = enterBefore(records.length)
  state.isAfterOriginLinkIn = originLinkInBefore(records.length)
  const exit = exitBefore(records.length)
  state.exitCallId = exit?.callId ?? 0
  state.exitSiteId = exit?.siteId ?? 0
  state.isExitThrow = exit?.isThrow ?? false
  state.value = value
  return { state, calls, segments, drops, links, origins, values, states, counts: [...counts.values()], messages, forgottenCauses, clockResolutionNs, nextCallId }
}

/**
 * Gives up on every call still open: rows with status `unfinished` ending at the thread's last
 * event, and the last segment of running calls that had suspended; and on the receipts still
 * waiting for their receiving call, which get none; `values` are the arguments previews of calls
 * entered last, held until their start was placed (see settlePending), at the last event.
 */
export function finishThread(state: ThreadState): { calls: CallColumns, segments: SegmentColumns, states: StateRow[], messages: MessageSideRow[], values: ValueRow[] } {
  // A change whose previews never came is stored without them.
  const states: StateRow[] = []
  if (state.stateRow !== undefined) states.push(state.stateRow)
  if (state.value?.state !== undefined) states.push(state.value.state)
  const calls = new CallColumns(state.stack.length + state.suspended.size + 1)
  const segments = new SegmentColumns()
  const end = state.lastTs
  for (const frame of state.stack.slice().reverse()) {
    if (frame.hasSuspended) segments.push(frame.callId, frame.segmentTs, end, frame.segmentOrder, frame.segmentDepth)
  }
  const open = [...state.stack.slice().reverse().filter(frame => !isLostEntry(frame)), ...state.suspended.values()]
  for (const frame of open) {
    // A call suspended when records were lost may have resumed and ended in the loss: it ends there.
    const last = frame.lossTs >= 0 ? Math.max(frame.ts, frame.lossTs) : end
    calls.push(frame.callId, frame.siteId, frame.parentId ?? -1, frame.depth, frame.ts, last - frame.ts, Math.max(0, frame.selfDur), STATUS_UNFINISHED, TIMING_ESTIMATED, frame.asyncId, frame.segments)
  }
  // A delivery whose window never got its effect (nor its end) has no receiving call.
  const messages: MessageSideRow[] = []
  settleReceipts(state.windows, 0, messages)
  // Arguments of calls entered last, with nothing after them: they start (and end) at the last event.
  const values = state.heldValues.map(row => ({ ...row, ts: end }))
  return { calls, segments, states, messages, values }
}
