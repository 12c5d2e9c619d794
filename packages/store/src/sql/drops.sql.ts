/** What arrived, and what was lost. */
export const DROPS_SQL: string = `
-- Why records are missing: 'ring-full' (the runtime's buffer overflowed), 'gap' (batches never arrived), 'orphan' (an exit, suspend or resume without a matching entry), 'value' (a value preview that could not be stored).
CREATE TYPE IF NOT EXISTS drop_reason AS ENUM ('ring-full', 'gap', 'orphan', 'value');

-- Records that were lost or could not be placed; the trace is incomplete around these times.
CREATE TABLE IF NOT EXISTS drops (
  -- The thread that lost records.
  utid INTEGER NOT NULL,
  -- The thread within its session (threads.thread_id).
  thread_id UINTEGER NOT NULL,
  -- When, in nanoseconds since the session's time origin (the time of the previous recorded event).
  ts BIGINT NOT NULL,
  -- How many records.
  count BIGINT NOT NULL,
  -- 'ring-full': the runtime's buffer overflowed; 'gap': batches never arrived (sequence numbers skipped, after waiting for late batches); 'orphan': an exit, suspend or resume without a matching entry; 'value': the records of a value preview that was not stored (bytes records without their value record, a value cut short by another record or a gap, a value that does not follow a throw or return of its role, or bytes that are not UTF-8 JSON).
  reason drop_reason NOT NULL
);

-- One stored batch: what the collector committed, in order. A thread's next expected sequence number is the end of its last batch; a batch that starts further on leaves a gap (also counted in drops).
CREATE TABLE IF NOT EXISTS batches (
  -- Order of commit, unique across the file.
  batch_id BIGINT NOT NULL,
  -- The thread that sent the batch.
  utid INTEGER NOT NULL,
  -- Sequence number of the batch's first record (per thread, wraps at 2^32).
  first_seq UBIGINT NOT NULL,
  -- Records in the batch.
  record_count INTEGER NOT NULL,
  -- Records skipped before this batch (a sequence gap), 0 when it followed on.
  gap BIGINT NOT NULL,
  -- Call rows the batch completed.
  calls INTEGER NOT NULL,
  -- Causes of links (link-out records) the batch made the thread forget before any effect answered them, because it remembered more than the collector's cap (StoreOptions.maxLinkCausesPerThread, 65 536 by default, oldest first): an effect that comes later for one of them is not linked.
  forgotten_causes INTEGER NOT NULL,
  -- The thread's clock step in nanoseconds, as its runtime measured it and wrote it into the batch's Clock records (browsers coarsen performance.now() to 100 µs unless the page is cross-origin isolated; Node's is finer than a microsecond); NULL when the batch had no Clock record or the runtime did not say.
  clock_resolution_ns INTEGER,
  -- When the batch was committed.
  stored_at TIMESTAMPTZ NOT NULL
);

-- Each thread's clock step: how fine its measured times are. Durations shorter than a few steps are noise.
CREATE OR REPLACE VIEW thread_clocks (
  -- The thread.
  utid,
  -- Its session.
  session_id,
  -- The thread within its session.
  thread_id,
  -- The coarsest clock step its batches reported, ns (NULL when none did).
  clock_resolution_ns
) AS
SELECT t.utid, t.session_id, t.thread_id, max(b.clock_resolution_ns)
FROM threads t LEFT JOIN batches b USING (utid)
GROUP BY ALL
ORDER BY t.utid;
`
