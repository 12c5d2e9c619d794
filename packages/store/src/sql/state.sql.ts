/** State changes and the state of a target at a time. */
export const STATE_SQL: string = `
-- One state change as recorded: an assignment to a property of an object (this.items = …, this.count++) made by an instrumented function recorded at level 'full'. Read state_changes, which names the object and the key.
CREATE TABLE IF NOT EXISTS state_records (
  -- The thread that made the change.
  utid INTEGER NOT NULL,
  -- The call that made the change; NULL when it happened outside any recorded call.
  call_id BIGINT,
  -- When, ns since the session's time origin.
  ts BIGINT NOT NULL,
  -- The assignment's site (sites.kind = 'state', named Owner.key).
  site_id INTEGER NOT NULL,
  -- The object's instance number on its thread, from 1, in the order objects were first changed.
  instance INTEGER NOT NULL,
  -- Bounded, side-effect-free preview of the value before (JSON, see the runtime's value-preview.ts); NULL when the property did not exist or no preview was recorded.
  old_preview VARCHAR,
  -- Bounded, side-effect-free preview of the value after; NULL when no preview was recorded (the preview rate cap, or its records were lost); '["capped"]' when the site changed more often than the runtime records per second (256): its further changes in that second are not recorded.
  new_preview VARCHAR
);

-- One change of observed state: a property of a target set to a new value by a call, with the target and key named from the assignment's site.
CREATE OR REPLACE VIEW state_changes (
  -- The thread that made the change.
  utid,
  -- The call that made the change; NULL when it happened outside any recorded call.
  call_id,
  -- When, ns since the session's time origin.
  ts,
  -- What changed: the class, object literal or constructor function of the object and its instance number on the thread ('TodoStore#1'); 'site#<id>#<n>' while the site is unknown.
  target,
  -- Which property: 'items', '#count'.
  key,
  -- Preview of the value before (JSON); NULL when the property did not exist or no preview was recorded.
  old_preview,
  -- Preview of the value after (JSON); NULL when no preview was recorded; '["capped"]' where the site's changes stopped being recorded for the rest of that second.
  new_preview,
  -- The assignment's site.
  site_id,
  -- The object's instance number on its thread: the digits after the last '#' of target.
  instance
) AS
SELECT r.utid, r.call_id, r.ts,
  coalesce(left(si.name, length(si.name) - length(regexp_extract(si.name, '[^.]*$')) - 1), 'site#' || r.site_id) || '#' || r.instance,
  coalesce(regexp_extract(si.name, '[^.]*$'), '?'),
  r.old_preview, r.new_preview, r.site_id, r.instance
FROM state_records r LEFT JOIN sites si ON si.site_id = r.site_id;

-- The rows of state_changes for one target, found by its instance number first (the digits after the last '#'), so only that object's records are named and compared.
CREATE OR REPLACE MACRO _state_changes_of(target_name) AS TABLE
SELECT * FROM state_changes
WHERE instance = TRY_CAST(regexp_extract(target_name, '#([0-9]+)$', 1) AS INTEGER) AND target = target_name;

-- The state of target_name at ts at_ts: per key, the latest change at or before at_ts (on one session's clock; pass session to pick the session, otherwise all sessions count).
CREATE OR REPLACE MACRO state_at(target_name, at_ts, session := NULL) AS TABLE
SELECT s.key, arg_max(s.new_preview, s.ts) AS value, max(s.ts) AS changed_at, arg_max(s.call_id, s.ts) AS call_id
FROM _state_changes_of(target_name) s JOIN threads t USING (utid)
WHERE s.ts <= at_ts AND (session IS NULL OR t.session_id = session)
GROUP BY s.key
ORDER BY s.key;

-- Every change of target_name in time order, with the thread, the call and its function name.
CREATE OR REPLACE MACRO state_history(target_name) AS TABLE
WITH h AS MATERIALIZED (
  SELECT s.ts, s.key, s.old_preview, s.new_preview, s.utid, s.call_id FROM _state_changes_of(target_name) s
), c AS (
  -- Only the calls named in h: a semi join lets the scan of calls skip row groups.
  SELECT call_id, site_id FROM calls WHERE call_id IN (SELECT call_id FROM h)
)
SELECT h.ts, h.key, h.old_preview, h.new_preview, h.utid, t.session_id, t.thread_id, h.call_id, coalesce(si.name, 'site#' || c.site_id) AS call_name
FROM h JOIN threads t USING (utid) LEFT JOIN c USING (call_id) LEFT JOIN sites si ON si.site_id = c.site_id
ORDER BY h.ts, h.key;
`
