/** The drops table. */
export const DROPS_SQL: string = `
-- Records that were lost or could not be placed; the trace is incomplete around these times.
CREATE TABLE IF NOT EXISTS drops (
  -- The session that lost records.
  session_id VARCHAR NOT NULL,
  -- The thread that lost records, within the session.
  thread_id UINTEGER NOT NULL,
  -- When, in nanoseconds since the session's time origin (the time of the previous recorded event).
  ts BIGINT NOT NULL,
  -- How many records.
  count BIGINT NOT NULL,
  -- 'ring-full': the runtime's buffer overflowed; 'gap': batches never arrived (sequence numbers skipped); 'orphan': an exit, suspend or resume without a matching entry.
  reason VARCHAR NOT NULL
);
`
