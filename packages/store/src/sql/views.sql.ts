/** Views and table macros for the questions people ask most. */
export const VIEWS_SQL: string = `
-- Each call with the name and place of its function.
CREATE OR REPLACE VIEW calls_named (
  -- Id of the call.
  call_id,
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
SELECT c.call_id, c.session_id, c.thread_id, c.site_id, c.parent_id, c.depth, c.ts, c.dur, c.self_dur,
  c.status, c.timing, c.async_id, c.segments, coalesce(s.name, 'site#' || c.site_id), s.file, s.line
FROM calls c LEFT JOIN sites s USING (site_id);

-- Functions by total time: per site, calls, errors, total and self time, and the spread of call durations.
CREATE OR REPLACE VIEW calls_slowest (
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
  -- Sum of call durations, ns (nested recursive calls count more than once).
  total_dur,
  -- Sum of self times, ns.
  self_dur,
  -- Median call duration, ns.
  p50_dur,
  -- 95th percentile of call durations, ns.
  p95_dur,
  -- Longest call, ns.
  max_dur
) AS
SELECT c.site_id, coalesce(any_value(s.name), 'site#' || c.site_id), any_value(s.file), any_value(s.line),
  count(*), count(*) FILTER (WHERE c.status = 'throw'),
  sum(c.dur)::BIGINT, sum(c.self_dur)::BIGINT,
  round(quantile_cont(c.dur, 0.5))::BIGINT, round(quantile_cont(c.dur, 0.95))::BIGINT, max(c.dur)
FROM calls c LEFT JOIN sites s USING (site_id)
GROUP BY c.site_id
ORDER BY sum(c.dur) DESC, c.site_id;

-- Perfetto's thread table over threads, so Perfetto-style queries port.
CREATE OR REPLACE VIEW thread (
  -- Thread id unique across the file.
  utid,
  -- Thread id within its session.
  tid,
  -- Display name.
  name,
  -- The session (Perfetto's process, by id).
  session_id
) AS
SELECT utid, thread_id, name, session_id FROM threads;

-- Perfetto's thread_track: one track per thread, with the thread's utid as track id.
CREATE OR REPLACE VIEW thread_track (
  -- Track id, equal to the thread's utid.
  id,
  -- The thread.
  utid,
  -- Display name of the thread.
  name
) AS
SELECT utid, utid, name FROM threads;

-- Perfetto's slice table over calls: one slice per logical call. An async call spans its suspensions, so its slice can overlap others on the same track.
CREATE OR REPLACE VIEW slice (
  -- The call_id.
  id,
  -- Start, ns since the session's time origin.
  ts,
  -- Wall time, ns.
  dur,
  -- The thread's track (its utid).
  track_id,
  -- 'async' for async function and generator calls, 'sync' otherwise.
  category,
  -- Function name.
  name,
  -- Depth in the call tree.
  depth,
  -- The parent call's id, NULL for roots.
  parent_id
) AS
SELECT c.call_id, c.ts, c.dur, t.utid, CASE WHEN c.async_id IS NULL THEN 'sync' ELSE 'async' END,
  coalesce(s.name, 'site#' || c.site_id), c.depth, c.parent_id
FROM calls c
JOIN threads t ON t.session_id = c.session_id AND t.thread_id = c.thread_id
LEFT JOIN sites s USING (site_id);

-- The call root_call_id and every call below it, in start order, with tree_depth counted from the root (0).
CREATE OR REPLACE MACRO call_tree(root_call_id) AS TABLE
WITH RECURSIVE tree(call_id, tree_depth) AS (
  SELECT call_id, 0 FROM calls WHERE call_id = root_call_id
  UNION ALL
  SELECT c.call_id, tree.tree_depth + 1 FROM calls c JOIN tree ON c.parent_id = tree.call_id
)
SELECT n.*, tree.tree_depth FROM tree JOIN calls_named n USING (call_id)
ORDER BY n.ts, n.call_id;

-- The call leaf_call_id and its callers up to the root, innermost first, with height 0 for the call itself.
CREATE OR REPLACE MACRO call_stack(leaf_call_id) AS TABLE
WITH RECURSIVE up(call_id, parent_id, height) AS (
  SELECT call_id, parent_id, 0 FROM calls WHERE call_id = leaf_call_id
  UNION ALL
  SELECT c.call_id, c.parent_id, up.height + 1 FROM calls c JOIN up ON c.call_id = up.parent_id
)
SELECT n.*, up.height FROM up JOIN calls_named n USING (call_id)
ORDER BY up.height;
`
