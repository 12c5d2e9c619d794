/** Values calls were given, threw or returned, and the errors view over them. */
export const VALUES_SQL: string = `
-- What a value preview is of: 'thrown' (what a call threw), 'returned' (what it returned) or 'arguments' (what it was called with).
CREATE TYPE IF NOT EXISTS value_role AS ENUM ('thrown', 'returned', 'arguments');

-- Previews of the arguments calls were given and the values they threw or returned, as the runtime captured them (bounded, without running app code; see the runtime's value-preview.ts for the format). At most one row per call and role, written with the batch that completed it. Arguments and return values are captured for functions recorded at level 'values' or 'full' (the dev server, Vitest, register and Jest by default), up to a rate per function; thrown values wherever the runtime previews them. The runtime previews an error once, where it is thrown first: the frames it then propagates through have no row of their own (the errors view follows them). Small next to calls: only calls whose values were captured have rows.
CREATE TABLE IF NOT EXISTS values (
  -- The call that was given, threw or returned the value (calls.call_id).
  call_id BIGINT NOT NULL,
  -- Its thread.
  utid INTEGER NOT NULL,
  -- The call's function, as in calls (copied, so errors can be summarized without reading calls).
  site_id INTEGER NOT NULL,
  -- When the call threw or returned, ns since the session's time origin (the call's end_ts); for arguments, when it started (its ts).
  ts BIGINT NOT NULL,
  -- 'thrown', 'returned' or 'arguments' (an object by parameter name: {"sku": "ABC-1", "quantity": 2}).
  role value_role NOT NULL,
  -- The preview as compact JSON: strings, numbers, booleans and null as themselves; objects as {"key": preview}; other values as tagged arrays such as ["err", name, message, stack], ["u"] (undefined), ["obj", constructor, {…}, omitted], ["str", prefix, length] (a cut string). Query it with DuckDB's JSON functions: preview->>'$[1]'.
  preview JSON NOT NULL,
  -- Whether the value is an Error (its preview is ["err", name, message, stack]).
  is_error BOOLEAN NOT NULL,
  -- The Error's name ('TypeError'); NULL when the value is not an Error or its name was not a string.
  error_name VARCHAR,
  -- The Error's message; NULL when the value is not an Error or its message was not a string.
  error_message VARCHAR
);

-- What was thrown: one row per call that ended by throwing a value whose preview is known, including each frame an error propagated through. The runtime previews an error once, at the innermost throw; a throwing call without a value of its own threw what its last throwing child threw, so origin_call_id follows it down to the call whose value was captured (is_origin marks that row: filter on it for one row per thrown value). Rows are ordered by origin, innermost frame first. Throwing calls whose value was not captured are in calls (status 'throw') only.
CREATE OR REPLACE VIEW errors (
  -- The call that ended by throwing.
  call_id,
  -- Its thread, unique across the file.
  utid,
  -- Its session.
  session_id,
  -- Its thread within the session.
  thread_id,
  -- Its function.
  site_id,
  -- The function's name, or 'site#<id>' when the manifest row is missing.
  name,
  -- The function's source file, NULL when the manifest row is missing.
  file,
  -- The function's 1-based source line, NULL when the manifest row is missing.
  line,
  -- When the call threw (its end), ns since the session's time origin.
  ts,
  -- The call where the value was thrown first and previewed (values.call_id): the call itself, or the innermost throwing call below it that the error came from.
  origin_call_id,
  -- Whether this row is the origin (call_id = origin_call_id): one such row per thrown value.
  is_origin,
  -- Frames between the origin and this call: 0 at the origin, 1 at its caller, and so on.
  frames,
  -- Name of the origin's function, or 'site#<id>'.
  origin_name,
  -- Source file of the origin's function.
  origin_file,
  -- 1-based source line of the origin's function.
  origin_line,
  -- Whether what was thrown is an Error.
  is_error,
  -- The Error's name ('TypeError'), NULL for other values.
  error_name,
  -- The Error's message, NULL for other values.
  error_message,
  -- The preview of what was thrown (values.preview).
  preview
) AS
WITH RECURSIVE thrown AS MATERIALIZED (
  SELECT call_id, parent_id, utid, thread_id, site_id, end_ts FROM calls WHERE status = 'throw'
), propagated AS MATERIALIZED (
  SELECT t.parent_id AS call_id, max(t.call_id) AS child_id
  FROM thrown t
  WHERE t.parent_id IN (SELECT call_id FROM thrown) AND t.parent_id NOT IN (SELECT call_id FROM values WHERE role = 'thrown')
  GROUP BY t.parent_id
), chain(call_id, origin_call_id, frames) AS (
  SELECT call_id, call_id, 0 FROM values WHERE role = 'thrown'
  UNION ALL
  SELECT p.call_id, chain.origin_call_id, chain.frames + 1 FROM chain JOIN propagated p ON p.child_id = chain.call_id
)
SELECT ch.call_id, c.utid, t.session_id, c.thread_id, c.site_id, coalesce(s.name, 'site#' || c.site_id), s.file, s.line, c.end_ts,
  ch.origin_call_id, ch.frames = 0, ch.frames, coalesce(os.name, 'site#' || v.site_id), os.file, os.line,
  v.is_error, v.error_name, v.error_message, v.preview
FROM chain ch
JOIN thrown c ON c.call_id = ch.call_id
JOIN values v ON v.call_id = ch.origin_call_id AND v.role = 'thrown'
LEFT JOIN threads t ON t.utid = c.utid
LEFT JOIN sites s ON s.site_id = c.site_id
LEFT JOIN sites os ON os.site_id = v.site_id
ORDER BY ch.origin_call_id, ch.frames;
`
