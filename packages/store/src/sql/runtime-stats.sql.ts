/** What the runtime says it cost. */
export const RUNTIME_STATS_SQL: string = `
-- The runtime's own account of a thread, sent with its last batches (POST /__execscope/stats): what it wrote, lost and what recording cost. One row per report; the latest report of a thread is the one that counts (runtime_cost).
CREATE TABLE IF NOT EXISTS runtime_stats (
  -- The session (page load or process) that reported.
  session_id VARCHAR NOT NULL,
  -- The thread within its session (threads.thread_id).
  thread_id UINTEGER NOT NULL,
  -- When the collector received the report.
  received_at TIMESTAMP NOT NULL,
  -- Records the runtime wrote into its ring (clock anchors and drop records included).
  records BIGINT NOT NULL,
  -- Records that read the clock (timed calls).
  timed_records BIGINT NOT NULL,
  -- Records refused because the ring was full.
  drops BIGINT NOT NULL,
  -- Records overwritten before they were shipped (flight-recorder mode).
  overwritten BIGINT NOT NULL,
  -- Estimated time spent on the hot path, ns: records and clock reads times their costs calibrated in this process.
  estimated_hot_path_ns BIGINT NOT NULL,
  -- Measured time spent draining, encoding and sending, ns.
  ship_ns BIGINT NOT NULL,
  -- Time since the runtime was installed, ns.
  elapsed_ns BIGINT NOT NULL,
  -- Recording cost relative to the rest of the run: 0.05 means the app ran about 5% longer because it was recorded (an estimate: the hot path's estimate, shipping, and the value and state previews' measured time; not the slowdown of the instrumented code itself).
  estimated_overhead DOUBLE NOT NULL
);

-- The latest report of each thread: "recording cost ≈ X% of this run", per thread.
CREATE OR REPLACE VIEW runtime_cost (
  -- The session that reported.
  session_id,
  -- The thread within its session.
  thread_id,
  -- Records written into the ring.
  records,
  -- Records that read the clock.
  timed_records,
  -- Records refused because the ring was full.
  drops,
  -- Records overwritten before they were shipped.
  overwritten,
  -- Estimated hot-path time, ns.
  estimated_hot_path_ns,
  -- Measured drain, encode and send time, ns.
  ship_ns,
  -- Time since the runtime was installed, ns.
  elapsed_ns,
  -- Recording cost relative to the rest of the run (an estimate).
  estimated_overhead
) AS
SELECT session_id, thread_id, records, timed_records, drops, overwritten, estimated_hot_path_ns, ship_ns, elapsed_ns, estimated_overhead
FROM runtime_stats
QUALIFY row_number() OVER (PARTITION BY session_id, thread_id ORDER BY received_at DESC, elapsed_ns DESC) = 1;

-- Records a thread wrote that never reached the collector after its last batch: the page closed or the process ended before its runtime shipped them (a browser can send only about 64 KiB as a page goes away). Counted from the thread's latest report (runtime_cost.records, every record its ring took) against the records its batches carried and the sequence gaps between them; threads that sent no report are not listed. While a thread still runs, the records it had not shipped yet when it last reported count here until they arrive.
CREATE OR REPLACE VIEW unsent_records (
  -- The session that reported.
  session_id,
  -- The thread within its session.
  thread_id,
  -- Records the runtime wrote into its ring, by its latest report.
  written,
  -- Records that arrived in batches, plus those of sequence gaps between them (counted as 'gap' drops).
  reached,
  -- written - reached: records lost after the last batch, never sent.
  unsent
) AS
SELECT c.session_id, c.thread_id, c.records, coalesce(b.reached, 0), c.records - coalesce(b.reached, 0)
FROM runtime_cost c
LEFT JOIN (SELECT t.session_id, t.thread_id, sum(b.record_count + b.gap) AS reached FROM batches b JOIN threads t USING (utid) GROUP BY ALL) b
  ON b.session_id = c.session_id AND b.thread_id = c.thread_id
WHERE c.records > coalesce(b.reached, 0);
`
