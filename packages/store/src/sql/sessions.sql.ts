/** Sessions and their threads. */
export const SESSIONS_SQL: string = `
-- One recorded run of the app: a page load or a Node process (Perfetto's process).
CREATE TABLE IF NOT EXISTS sessions (
  -- Random id the runtime picked for the run, 32 lowercase hex digits.
  session_id VARCHAR PRIMARY KEY,
  -- Unix epoch milliseconds that ts 0 of this session stands for: the time origin of the first thread the collector heard from.
  time_origin_ms DOUBLE NOT NULL,
  -- When the collector first received a batch of this session; retention by age deletes the oldest sessions first.
  first_seen TIMESTAMPTZ NOT NULL,
  -- User-Agent header of the first request of this session, if any.
  user_agent VARCHAR
);

-- One JavaScript agent of a session: the main thread, a worker, a Node worker thread (Perfetto's thread). Every per-thread table refers to it by utid.
CREATE TABLE IF NOT EXISTS threads (
  -- Thread id unique across the file (Perfetto's utid); calls, values, drops, batches, links, state_records and message records refer to it.
  utid INTEGER PRIMARY KEY,
  -- The session the thread belongs to.
  session_id VARCHAR NOT NULL,
  -- Thread id within the session as the runtime numbers it; 0 is the main thread (Perfetto's tid).
  thread_id UINTEGER NOT NULL,
  -- Display name: 'main' for thread 0, otherwise 'thread <thread_id>'.
  name VARCHAR NOT NULL,
  -- Unix epoch milliseconds of the thread's own time origin.
  time_origin_ms DOUBLE NOT NULL,
  -- Nanoseconds added to the thread's own times to count them from the session's time origin.
  ts_offset BIGINT NOT NULL
);
`
