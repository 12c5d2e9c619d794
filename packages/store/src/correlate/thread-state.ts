import type { LinkCause } from './link-causes.ts'
import type { EnteredCall, PendingValue } from './pending-value.ts'
import type { StateRow, ValueRow } from './rows.ts'
import type { PendingReceipt } from './message-rows.ts'
import { LinkCauses } from './link-causes.ts'

/** One call that has started and not yet ended, as the stack replay tracks it. */
export interface Frame {
  callId: number
  siteId: number
  /** 0 for sync calls. */
  asyncId: number
  parentId: number | null
  depth: number
  /** Start, ns since the thread's time origin. */
  ts: number
  isEntryTimed: boolean
  /** Time spent on top of the stack so far, less the runtime's value previews made meanwhile, ns (may dip below 0 until the time that held them arrives). */
  selfDur: number
  /** Synchronous runs so far: 1 at entry, +1 per resume. */
  segments: number
  /** Start of the current (or, while suspended, the last) segment, ns since the thread's time origin. */
  segmentTs: number
  /** `call_segments.stack_order` of that segment: the highest call id allocated when it started. */
  segmentOrder: number
  /** `call_segments.stack_depth` of that segment: frames below it on the stack. */
  segmentDepth: number
  /** Whether the call has suspended: then each of its segments gets a `call_segments` row. */
  hasSuspended: boolean
  /**
   * While suspended: when records were last lost (the runtime's full ring refused some: a Drop
   * record; or batches never arrived: a sequence gap), -1 when none were since the call
   * suspended. Its resume may be among the lost records: a call still suspended when the thread
   * ends, with this set, ends here (unfinished), not at the thread's end.
   */
  lossTs: number
}

/** A callback a `LinkIn` record announced: the next call entered at `depth` before its end is the effect. */
export interface EffectWindow {
  /** `LinkKind`. */
  kind: number
  token: number
  /** Stack length when the callback started. */
  depth: number
  /** The cause, when the token was remembered; undefined for an origin or an unknown token. */
  cause: LinkCause | undefined
  /** Token 0: the cause was outside the app. */
  isOrigin: boolean
  /** Its effect has been entered. */
  isFilled: boolean
  /** The message delivery this window runs, waiting for the window's effect to be its receiving call (see message-rows.ts). */
  receipt?: PendingReceipt
  /** For an origin: what the user's input event was, `[type, target]`, once its Event value came. */
  event?: [string, string | null]
}

/** What the replay of one (session, thread) keeps between batches. */
export interface ThreadState {
  /** Sequence number the next batch should start at; undefined before the first batch. */
  nextSeq: number | undefined
  /** High 32 bits of the time, from the latest Clock anchor. */
  clockHigh: number
  /** Time of the latest event, ns since the thread's time origin; untimed records reuse it. */
  lastTs: number
  /** Running frames, innermost last. */
  stack: Frame[]
  /** Suspended async functions and generators, by async id. */
  suspended: Map<number, Frame>
  /** Causes of links by token, waiting for their effects (bounded). */
  causes: LinkCauses
  /** Effect windows open now, innermost last. */
  windows: EffectWindow[]
  /**
   * The call whose Return or Throw was the last record of the latest batch (Clock anchors aside),
   * which a `Value` record at the start of the next batch describes; 0 when it was anything else.
   */
  exitCallId: number
  /** Its site. */
  exitSiteId: number
  /** Whether it ended by throwing (a thrown value may follow) rather than returning. */
  isExitThrow: boolean
  /**
   * The call whose Enter was the last record of the latest batch (Clock anchors aside), which an
   * arguments `Value` at the start of the next batch describes; undefined when it was anything else.
   */
  entered: EnteredCall | undefined
  /** A value preview whose bytes records are still coming (they may be in the next batch). */
  value: PendingValue | undefined
  /**
   * The last record of the latest batch (Clock anchors aside) was a LinkIn that opened an origin's
   * window (token 0): an Event value at the start of the next batch describes it.
   */
  isAfterOriginLinkIn: boolean
  /**
   * The last call entered before records were last lost (a Drop record or a sequence gap); 0 when
   * none were. A later call whose exit never came was left by an exception: instrumented code
   * writes an exit on every other way out.
   */
  lossCallId: number
  /**
   * The change of the latest State record while nothing else has come after it: its previews may
   * be the next record, in this batch or the next. Stored when anything else comes.
   */
  stateRow: StateRow | undefined
  /**
   * Frames at the top of the stack whose start is not placed yet: entered (or resumed) by untimed
   * records since the latest record that carried a time, with nothing recorded inside them since
   * (Count records aside). They start at the time of the next record that carries one (see
   * `settlePending` in correlate-batch.ts).
   */
  pendingFrames: number
  /** Arguments previews of those frames, stored with their call's start once it is placed. */
  heldValues: ValueRow[]
}

/** Tokens a thread remembers by default before it forgets the oldest. */
export const DEFAULT_MAX_LINK_CAUSES = 65_536

/** A fresh state; `nextSeq` comes from the trace file when the thread was seen before. */
export function createThreadState(nextSeq?: number, maxLinkCauses: number = DEFAULT_MAX_LINK_CAUSES): ThreadState {
  return { nextSeq, clockHigh: 0, lastTs: 0, stack: [], suspended: new Map(), causes: new LinkCauses(maxLinkCauses), windows: [], exitCallId: 0, exitSiteId: 0, isExitThrow: false, entered: undefined, value: undefined, isAfterOriginLinkIn: false, stateRow: undefined, lossCallId: 0, pendingFrames: 0, heldValues: [] }
}

/** A deep copy, so a batch can be replayed on it and thrown away if it is not stored. */
/**
 * Makes a frame: the one object literal frames come from, so that they all have one hidden class.
 * A copy made by spreading got another, and with two the replay's updates of a frame's times
 * (doubles) went through boxes allocated at each update: the replay took twice as long.
 */
export function makeFrame(callId: number, siteId: number, asyncId: number, parentId: number | null, depth: number, ts: number, isEntryTimed: boolean, selfDur: number, segments: number, segmentTs: number, segmentOrder: number, segmentDepth: number, hasSuspended: boolean, lossTs: number = -1): Frame {
  return { callId, siteId, asyncId, parentId, depth, ts, isEntryTimed, selfDur, segments, segmentTs, segmentOrder, segmentDepth, hasSuspended, lossTs }
}

/**
 * A stand-in for a call whose Enter record was lost (a Drop record says how many such calls still
 * run): not stored; the next exit on top of it is its own. Transparent to the calls it makes,
 * whose parent is the recorded call below it, at that call's depth plus one. Call id 0, site 0.
 */
export function lostEntryFrame(below: Frame | undefined, ts: number, stackDepth: number): Frame {
  return makeFrame(0, 0, 0, below === undefined ? null : callOf(below), below === undefined ? -1 : below.depth, ts, false, 0, 1, ts, 0, stackDepth, false)
}

/** Whether a frame is a lostEntryFrame stand-in. */
export function isLostEntry(frame: Frame): boolean {
  return frame.callId === 0
}

/** The recorded call a frame is, or for a stand-in the recorded call below it (null: none). */
export function callOf(frame: Frame): number | null {
  return frame.callId !== 0 ? frame.callId : frame.parentId
}

function copyFrame(f: Frame): Frame {
  return makeFrame(f.callId, f.siteId, f.asyncId, f.parentId, f.depth, f.ts, f.isEntryTimed, f.selfDur, f.segments, f.segmentTs, f.segmentOrder, f.segmentDepth, f.hasSuspended, f.lossTs)
}

export function cloneThreadState(state: ThreadState): ThreadState {
  const suspended = new Map<number, Frame>()
  for (const [asyncId, frame] of state.suspended) suspended.set(asyncId, copyFrame(frame))
  return {
    nextSeq: state.nextSeq,
    clockHigh: state.clockHigh,
    lastTs: state.lastTs,
    stack: state.stack.map(copyFrame),
    suspended,
    causes: state.causes.fork(),
    // A window's receipt is never changed, only replaced: the copies may share it.
    windows: state.windows.map(window => ({ ...window })),
    exitCallId: state.exitCallId,
    exitSiteId: state.exitSiteId,
    isExitThrow: state.isExitThrow,
    entered: state.entered,
    value: state.value && { ...state.value, bytes: state.value.bytes?.slice(), state: state.value.state && { ...state.value.state } },
    isAfterOriginLinkIn: state.isAfterOriginLinkIn,
    stateRow: state.stateRow && { ...state.stateRow },
    lossCallId: state.lossCallId,
    pendingFrames: state.pendingFrames,
    // Copies: releasing sets their time.
    heldValues: state.heldValues.map(row => ({ ...row })),
  }
}
