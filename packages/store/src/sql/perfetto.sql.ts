/** Perfetto-compatible names over our tables, so trace_processor-style SQL ports 1:1. */
export const PERFETTO_SQL: string = `
-- Perfetto's thread table over threads.
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
SELECT c.call_id, c.ts, c.dur, c.utid, CASE WHEN c.async_id IS NULL THEN 'sync' ELSE 'async' END,
  coalesce(s.name, 'site#' || c.site_id), c.depth, c.parent_id
FROM calls c LEFT JOIN sites s USING (site_id);
`
