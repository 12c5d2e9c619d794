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
  -- When the batch was committed.
  stored_at TIMESTAMPTZ NOT NULL
);
`
