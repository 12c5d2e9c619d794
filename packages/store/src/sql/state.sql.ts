/** State changes and the state of a target at a time. */
export const STATE_SQL: string = `
-- One change of observed state: a property of a target (a store, a component, an object the plan watches) set to a new value by a call. Empty until the runtime ships its state probes (protocol 1 has no state records); the macros below already read it.
CREATE TABLE IF NOT EXISTS state_changes (
  -- The thread that made the change.
  utid INTEGER NOT NULL,
  -- The call that made the change; NULL when it happened outside any recorded call.
  call_id BIGINT,
  -- When, ns since the session's time origin.
  ts BIGINT NOT NULL,
  -- What changed, as the runtime names it: 'TodoStore#1', 'App.state'.
  target VARCHAR NOT NULL,
  -- Which property or path of the target: 'items', 'filter.text'.
  key VARCHAR NOT NULL,
  -- Bounded, side-effect-free preview of the value before, NULL when it was unset.
  old_preview VARCHAR,
  -- Bounded, side-effect-free preview of the value after, NULL when it was deleted.
  new_preview VARCHAR
);

-- The state of target_name at ts at_ts: per key, the latest change at or before at_ts (on one session's clock; pass session to pick the session, otherwise all sessions count).
CREATE OR REPLACE MACRO state_at(target_name, at_ts, session := NULL) AS TABLE
SELECT s.key, arg_max(s.new_preview, s.ts) AS value, max(s.ts) AS changed_at, arg_max(s.call_id, s.ts) AS call_id
FROM state_changes s JOIN threads t USING (utid)
WHERE s.target = target_name AND s.ts <= at_ts AND (session IS NULL OR t.session_id = session)
GROUP BY s.key
ORDER BY s.key;

-- Every change of target_name in time order, with the thread, the call and its function name.
CREATE OR REPLACE MACRO state_history(target_name) AS TABLE
WITH h AS MATERIALIZED (
  SELECT s.ts, s.key, s.old_preview, s.new_preview, s.utid, s.call_id FROM state_changes s WHERE s.target = target_name
), c AS (
  -- Only the calls named in h: a semi join lets the scan of calls skip row groups.
  SELECT call_id, site_id FROM calls WHERE call_id IN (SELECT call_id FROM h)
)
SELECT h.ts, h.key, h.old_preview, h.new_preview, h.utid, t.session_id, t.thread_id, h.call_id, coalesce(si.name, 'site#' || c.site_id) AS call_name
FROM h JOIN threads t USING (utid) LEFT JOIN c USING (call_id) LEFT JOIN sites si ON si.site_id = c.site_id
ORDER BY h.ts, h.key;
`
