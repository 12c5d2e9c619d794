/** The calls table: one row per function call (Perfetto's slice). */
export const CALLS_SQL: string = `
-- How a call ended: 'return', 'throw', or 'unfinished' (its end was never recorded, and records were lost after it started or it was still running when the thread stopped). A call whose exit is missing although nothing was lost was left by an exception (a stack overflow can cost the exit record): 'throw'.
CREATE TYPE IF NOT EXISTS call_status AS ENUM ('return', 'throw', 'unfinished');

-- 'measured' when both entry and end of a call carried a clock reading, otherwise 'estimated'.
CREATE TYPE IF NOT EXISTS call_timing AS ENUM ('measured', 'estimated');

-- One function call: a stack replay of enter/return/throw records, one row per logical call even when an async function or generator ran in several segments. Rows are written when the call ends, so they are in end order per thread (end_ts follows row order, which keeps time-range lookups on zone maps, without an index).
CREATE TABLE IF NOT EXISTS calls (
  -- Id unique across the file, allocated in entry order.
  call_id BIGINT NOT NULL,
  -- The thread of the call, unique across the file; join threads (or use calls_named) for its session.
  utid INTEGER NOT NULL,
  -- The thread of the call within its session (threads.thread_id).
  thread_id UINTEGER NOT NULL,
  -- The function called; join sites for its name and place (a site may lack a row if its manifest never arrived).
  site_id INTEGER NOT NULL,
  -- The call this one was made from; NULL for roots. For async calls, the caller of the first segment. When the caller's entry was lost with records the runtime's full ring refused, the recorded call below it.
  parent_id BIGINT,
  -- Depth in the call tree: 0 for roots, the parent's depth + 1 otherwise.
  depth INTEGER NOT NULL,
  -- Start, in nanoseconds since the session's time origin.
  ts BIGINT NOT NULL,
  -- Wall time from start to end in nanoseconds, including the time an async call spent suspended.
  dur BIGINT NOT NULL,
  -- Nanoseconds the call spent running itself: on top of the stack, neither in callees nor suspended, less the time the recorder spent there previewing values (levels values and full: its arguments, the values its callees returned or threw, the state it changed). dur is wall time and includes it.
  self_dur BIGINT NOT NULL,
  -- End, ts + dur: stored so that "what was running at t" reads few row groups.
  end_ts BIGINT NOT NULL,
  -- How the call ended: 'return', 'throw' (also when it was left by an exception that cost its exit record), or 'unfinished' (its end was never recorded: records lost, or still running when the thread stopped). A call that ended while the runtime's full ring refused records ends where the loss began.
  status call_status NOT NULL,
  -- 'measured' when both entry and end carried a clock reading, otherwise 'estimated': an untimed record takes the time of the previous event, except an untimed entry with nothing recorded in its call before the next timed record, which starts at that record's time (the time before it, when nothing was recorded, belongs to the caller).
  timing call_timing NOT NULL,
  -- Id pairing the segments of an async function or generator call; NULL for sync calls.
  async_id UINTEGER,
  -- Number of synchronous runs of the call: 1 for sync calls, 1 + resumes for async ones.
  segments INTEGER NOT NULL
);

-- One synchronous run of an async function or generator call that suspended: from its entry or a resume to the next suspend or its end. Only calls that suspended have rows (one per segment, as many as calls.segments), so sync calls cost nothing here; a call without rows ran from ts to end_ts in one piece. Rows are written as segments end, so end_ts follows row order per thread, as in calls. stack_at and call_tree read it.
CREATE TABLE IF NOT EXISTS call_segments (
  -- The call (calls.call_id).
  call_id BIGINT NOT NULL,
  -- Its thread.
  utid INTEGER NOT NULL,
  -- Start of the segment (the call's entry or a resume), ns since the session's time origin.
  ts BIGINT NOT NULL,
  -- End of the segment (a suspend, or the call's return, throw or last event), ns since the session's time origin.
  end_ts BIGINT NOT NULL,
  -- When the segment went onto the stack, in entry order: the highest call id allocated by then (the call's own id for its first segment). Calls running at one time were pushed in (stack_order, stack_depth) order; a call without segments counts as (call_id, -1).
  stack_order BIGINT NOT NULL,
  -- Frames below the segment on the thread's stack while it ran: 0 when the event loop resumed it, more when a caller did (a generator's next()).
  stack_depth INTEGER NOT NULL
);
`
