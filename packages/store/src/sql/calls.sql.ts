/** The calls table: one row per function call (Perfetto's slice). */
export const CALLS_SQL: string = `
-- How a call ended: 'return', 'throw', or 'unfinished' (its end was never recorded).
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
  -- The call this one was made from; NULL for roots. For async calls, the caller of the first segment.
  parent_id BIGINT,
  -- Depth in the call tree: 0 for roots, the parent's depth + 1 otherwise.
  depth INTEGER NOT NULL,
  -- Start, in nanoseconds since the session's time origin.
  ts BIGINT NOT NULL,
  -- Wall time from start to end in nanoseconds, including the time an async call spent suspended.
  dur BIGINT NOT NULL,
  -- Nanoseconds the call spent running itself: on top of the stack, neither in callees nor suspended.
  self_dur BIGINT NOT NULL,
  -- End, ts + dur: stored so that "what was running at t" reads few row groups.
  end_ts BIGINT NOT NULL,
  -- How the call ended: 'return', 'throw', or 'unfinished' (its end was never recorded).
  status call_status NOT NULL,
  -- 'measured' when both entry and end carried a clock reading, otherwise 'estimated' (untimed records take the time of the previous event).
  timing call_timing NOT NULL,
  -- Id pairing the segments of an async function or generator call; NULL for sync calls.
  async_id UINTEGER,
  -- Number of synchronous runs of the call: 1 for sync calls, 1 + resumes for async ones.
  segments INTEGER NOT NULL
);
`
