/** Per-site rollups kept at ingest, so "slowest functions" does not scan calls. */
export const ROLLUPS_SQL: string = `
-- Per thread and site, partial sums of calls, appended with every commit and merged from time to time; read them through calls_slowest and sites_hot.
CREATE TABLE IF NOT EXISTS _site_rollups (
  -- The thread of the calls.
  utid INTEGER NOT NULL,
  -- The function.
  site_id INTEGER NOT NULL,
  -- Calls that ended.
  calls BIGINT NOT NULL,
  -- Calls that ended by throwing.
  throws BIGINT NOT NULL,
  -- Calls given up as unfinished.
  unfinished BIGINT NOT NULL,
  -- Calls whose entry and end both carried a clock reading.
  measured BIGINT NOT NULL,
  -- Sum of segments (1 per sync call, 1 + resumes per async call).
  segments BIGINT NOT NULL,
  -- Sum of call durations, ns.
  total_dur BIGINT NOT NULL,
  -- Sum of self times, ns.
  self_dur BIGINT NOT NULL,
  -- Longest call, ns.
  max_dur BIGINT NOT NULL
);

-- Calls the runtime counted instead of recording: a site that runs at least 10 000 times a second for under 2 µs a call is counted between samples (one call in 1024 is still recorded, timed), and so is everything its counted calls call. One row per thread, site and batch; counted calls are in no other table, so calls_slowest and sites_hot add them up from here.
CREATE TABLE IF NOT EXISTS counted_calls (
  -- The thread that made the calls.
  utid INTEGER NOT NULL,
  -- The function; 0 when the runtime could not tell which of two functions sharing its counter slot made them.
  site_id INTEGER NOT NULL,
  -- When the batch's last count of them was written, ns since the session's time origin (the counts cover the time since the site's previous row).
  ts BIGINT NOT NULL,
  -- How many calls.
  calls BIGINT NOT NULL
);

-- Per site, a log-linear histogram of its measured calls' durations (16 buckets per power of two), for p50/p95 within 3.2% without sorting calls. Per site only, to stay small; retention rebuilds it from calls.
CREATE TABLE IF NOT EXISTS _site_dur_hist (
  -- The function.
  site_id INTEGER NOT NULL,
  -- 0 for durations below 1 ns; otherwise 1 + 16 * floor(log2(dur)) + the sixteenth of the octave.
  bucket SMALLINT NOT NULL,
  -- Measured calls whose duration falls in the bucket.
  count BIGINT NOT NULL
);

-- The histogram bucket of a duration d (ns), as the collector computes it at ingest.
CREATE OR REPLACE MACRO _dur_bucket(d) AS
  CASE WHEN d < 1 THEN 0 ELSE 1 + 16 * floor(log2(d))::INTEGER + floor((d / pow(2, floor(log2(d))) - 1) * 16)::INTEGER END;

-- The duration a histogram bucket stands for (its midpoint), ns.
CREATE OR REPLACE MACRO _bucket_dur(b) AS
  CASE WHEN b = 0 THEN 0 ELSE round(pow(2, (b - 1) // 16) * (1 + (((b - 1) % 16) + 0.5) / 16))::BIGINT END;
`
