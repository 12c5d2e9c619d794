/** Views over calls: named calls, slowest functions, hot sites. */
export const CALLS_VIEWS_SQL: string = `
-- Each call with its session and the name and place of its function.
CREATE OR REPLACE VIEW calls_named (
  -- Id of the call.
  call_id,
  -- The thread, unique across the file.
  utid,
  -- The session of the call.
  session_id,
  -- The thread of the call, within the session.
  thread_id,
  -- The function called.
  site_id,
  -- The calling call, NULL for roots.
  parent_id,
  -- Depth in the call tree.
  depth,
  -- Start, ns since the session's time origin.
  ts,
  -- Wall time, ns.
  dur,
  -- Self time, ns.
  self_dur,
  -- End, ns since the session's time origin.
  end_ts,
  -- 'return', 'throw' or 'unfinished'.
  status,
  -- 'measured' or 'estimated'.
  timing,
  -- Async id, NULL for sync calls.
  async_id,
  -- Synchronous runs of the call.
  segments,
  -- Function name, or 'site#<id>' when the manifest row is missing.
  name,
  -- Source file, NULL when the manifest row is missing.
  file,
  -- 1-based source line, NULL when the manifest row is missing.
  line
) AS
SELECT c.call_id, c.utid, t.session_id, c.thread_id, c.site_id, c.parent_id, c.depth, c.ts, c.dur, c.self_dur, c.end_ts,
  c.status, c.timing, c.async_id, c.segments, coalesce(s.name, 'site#' || c.site_id), s.file, s.line
FROM calls c LEFT JOIN threads t USING (utid) LEFT JOIN sites s USING (site_id);

-- Functions by total time, from the per-site rollups kept at ingest (no scan of calls): calls, errors, total and self time, and the spread of call durations. p50/p95 come from a log-linear histogram and are within 3.2% of the exact values (calls_slowest_exact computes them from calls).
CREATE OR REPLACE VIEW calls_slowest (
  -- The function.
  site_id,
  -- Its name, or 'site#<id>' when the manifest row is missing ('(counted: functions sharing a counter)' for site 0, see counted_calls).
  name,
  -- Its source file.
  file,
  -- Its 1-based source line.
  line,
  -- Number of calls.
  calls,
  -- Calls that ended by throwing.
  throws,
  -- Calls whose end was never recorded (status 'unfinished'): still running when their thread's records ended (a page closed, a process killed, a generator never resumed), their durations run to the thread's last event; ended while the runtime's full ring refused records, to where the loss began.
  unfinished,
  -- Sum of call durations, ns (nested recursive calls count more than once).
  total_dur,
  -- Sum of self times, ns.
  self_dur,
  -- Median duration of its measured calls, ns (histogram bucket midpoint, within 3.2%); NULL when none was measured. Untimed calls' durations are estimates and left out.
  p50_dur,
  -- 95th percentile of its measured calls' durations, ns (histogram bucket midpoint, within 3.2%); NULL when none was measured.
  p95_dur,
  -- Longest call, ns.
  max_dur,
  -- How its durations were obtained: 'measured' (every call carried clock readings), 'sampled' (the runtime timed every call until the function proved hot, then one in N: the others are estimated from the events around them; or it counted some calls, see counted_calls), or 'estimated' (no call was timed).
  timing,
  -- Calls whose duration was measured.
  measured_calls,
  -- Further calls the runtime counted instead of recording, because the function was hot and short (see counted_calls); they are not in calls, and their time is in their callers' self time.
  counted_calls
) AS
WITH r AS (
  SELECT site_id, sum(calls) AS calls, sum(throws) AS throws, sum(unfinished) AS unfinished, sum(total_dur) AS total_dur, sum(self_dur) AS self_dur, max(max_dur) AS max_dur, sum(measured) AS measured
  FROM _site_rollups GROUP BY site_id
  UNION ALL
  -- Functions that were only ever counted (first called inside a counted call).
  SELECT DISTINCT site_id, 0, 0, 0, 0, 0, 0, 0 FROM counted_calls WHERE site_id NOT IN (SELECT site_id FROM _site_rollups)
), n AS (
  SELECT site_id, sum(calls) AS counted FROM counted_calls GROUP BY site_id
), h AS (
  SELECT site_id, bucket, sum(count) AS n FROM _site_dur_hist GROUP BY site_id, bucket
), q AS (
  SELECT site_id, bucket, sum(n) OVER (PARTITION BY site_id ORDER BY bucket) AS cum, sum(n) OVER (PARTITION BY site_id) AS total FROM h
), p AS (
  SELECT site_id, min(bucket) FILTER (WHERE cum >= 0.5 * total) AS b50, min(bucket) FILTER (WHERE cum >= 0.95 * total) AS b95 FROM q GROUP BY site_id
)
SELECT r.site_id, coalesce(s.name, CASE WHEN r.site_id = 0 THEN '(counted: functions sharing a counter)' ELSE 'site#' || r.site_id END), s.file, s.line, r.calls::BIGINT, r.throws::BIGINT, r.unfinished::BIGINT,
  -- least() skips NULLs: a function with no measured call keeps NULL percentiles.
  r.total_dur::BIGINT, r.self_dur::BIGINT, CASE WHEN p.b50 IS NOT NULL THEN least(_bucket_dur(p.b50), r.max_dur) END,
  CASE WHEN p.b95 IS NOT NULL THEN least(_bucket_dur(p.b95), r.max_dur) END, r.max_dur,
  CASE WHEN r.measured >= r.calls AND n.counted IS NULL THEN 'measured' WHEN r.measured > 0 THEN 'sampled' ELSE 'estimated' END, r.measured::BIGINT,
  coalesce(n.counted, 0)::BIGINT
FROM r LEFT JOIN p USING (site_id) LEFT JOIN n USING (site_id) LEFT JOIN sites s USING (site_id)
ORDER BY r.total_dur DESC, r.site_id;

-- calls_slowest with exact percentiles, computed from every measured call (a full scan: about 250 ms per 10 M calls).
CREATE OR REPLACE VIEW calls_slowest_exact (
  -- The function.
  site_id,
  -- Its name, or 'site#<id>' when the manifest row is missing.
  name,
  -- Its source file.
  file,
  -- Its 1-based source line.
  line,
  -- Number of calls.
  calls,
  -- Calls that ended by throwing.
  throws,
  -- Sum of call durations, ns.
  total_dur,
  -- Sum of self times, ns.
  self_dur,
  -- Median duration of its measured calls, ns (interpolated); NULL when none was measured.
  p50_dur,
  -- 95th percentile of its measured calls' durations, ns (interpolated); NULL when none was measured.
  p95_dur,
  -- Longest call, ns.
  max_dur
) AS
SELECT c.site_id, coalesce(any_value(s.name), 'site#' || c.site_id), any_value(s.file), any_value(s.line),
  count(*), count(*) FILTER (WHERE c.status = 'throw'),
  sum(c.dur)::BIGINT, sum(c.self_dur)::BIGINT,
  round(quantile_cont(c.dur, 0.5) FILTER (WHERE c.timing = 'measured'))::BIGINT, round(quantile_cont(c.dur, 0.95) FILTER (WHERE c.timing = 'measured'))::BIGINT, max(c.dur)
FROM calls c LEFT JOIN sites s USING (site_id)
GROUP BY c.site_id
ORDER BY sum(c.dur) DESC, c.site_id;

-- Functions by what recording them costs, from the rollups: records written, clock reads, and an estimate of the time the runtime spent on them (3 ns per record and 42 ns per clock read, the figures of DESIGN.md, until the runtime reports its measured cost). Use it to pick what to sample or exclude.
CREATE OR REPLACE VIEW sites_hot (
  -- The function.
  site_id,
  -- Its name, or 'site#<id>' when the manifest row is missing.
  name,
  -- Its source file.
  file,
  -- Its 1-based source line.
  line,
  -- Number of calls.
  calls,
  -- Records written for its calls: enter and exit, plus a suspend and a resume per extra segment.
  records,
  -- Share of all records, 0 to 1.
  record_share,
  -- Clock reads: two per measured call.
  clock_reads,
  -- Estimated recording time, ns: records * 3 + clock_reads * 42.
  est_cost_ns,
  -- Estimated recording time per call, ns.
  est_cost_per_call_ns,
  -- Sum of self times, ns: what the function itself took, to weigh the cost against.
  self_dur,
  -- Further calls counted instead of recorded (see counted_calls): the runtime already found it hot and short.
  counted_calls
) AS
WITH r AS (
  SELECT site_id, sum(calls) AS calls, sum(segments) * 2 AS records, sum(measured) * 2 AS clock_reads, sum(self_dur) AS self_dur
  FROM _site_rollups GROUP BY site_id
  UNION ALL
  SELECT DISTINCT site_id, 0, 0, 0, 0 FROM counted_calls WHERE site_id NOT IN (SELECT site_id FROM _site_rollups)
), n AS (
  SELECT site_id, sum(calls) AS counted FROM counted_calls GROUP BY site_id
)
SELECT r.site_id, coalesce(s.name, CASE WHEN r.site_id = 0 THEN '(counted: functions sharing a counter)' ELSE 'site#' || r.site_id END), s.file, s.line, r.calls::BIGINT, r.records::BIGINT,
  r.records / sum(r.records) OVER (), r.clock_reads::BIGINT, (r.records * 3 + r.clock_reads * 42)::BIGINT,
  round((r.records * 3 + r.clock_reads * 42) / nullif(r.calls, 0), 1), r.self_dur::BIGINT, coalesce(n.counted, 0)::BIGINT
FROM r LEFT JOIN n USING (site_id) LEFT JOIN sites s USING (site_id)
ORDER BY r.records * 3 + r.clock_reads * 42 DESC, r.site_id;
`
