/** Causal links between calls, calls started from outside the app, and why(call). */
export const CAUSALITY_SQL: string = `
-- What made one call happen after another: 'promise' (a reaction ran), 'timer' (a timeout or interval fired), 'event' (a listener was dispatched), 'fetch' (a response arrived), 'message' (postMessage delivered).
CREATE TYPE IF NOT EXISTS link_kind AS ENUM ('promise', 'timer', 'event', 'fetch', 'message');

-- Causal links (Perfetto's flow): the call that scheduled something and the call that ran because of it. The collector pairs the runtime probes' link-out record (written while the cause runs: a timer set, a promise reaction registered, an event dispatched, a fetch started, a message sent) with the link-in records around the callback on the same thread, by token; the effect is the first call the callback entered. A link-out at top level (no call running) has no cause and gives no row; a cause with several effects (an interval firing again, an event with several listeners) gives one row per effect. why() follows them.
CREATE TABLE IF NOT EXISTS links (
  -- What kind of cause.
  kind link_kind NOT NULL,
  -- The call that scheduled, dispatched or sent (the cause).
  from_call_id BIGINT NOT NULL,
  -- Its thread.
  from_utid INTEGER NOT NULL,
  -- The call that ran because of it (the effect).
  to_call_id BIGINT NOT NULL,
  -- Its thread (the same thread for links paired from records).
  to_utid INTEGER NOT NULL,
  -- When the cause happened (scheduling, dispatch or send), ns since the session's time origin: measured when its record was timed, otherwise the time of the event before it (as for untimed calls).
  ts BIGINT NOT NULL
);

-- Calls started by something outside the app: the effect of a link-in record whose token is 0 (a user's input event, a message or response from elsewhere). why() ends a chain that reaches such a call with one more step whose via is the kind and whose call columns are NULL.
CREATE TABLE IF NOT EXISTS call_origins (
  -- The call that ran (the effect).
  call_id BIGINT NOT NULL,
  -- Its thread.
  utid INTEGER NOT NULL,
  -- What came from outside: 'event' for a user's input, 'message', 'fetch', 'timer' or 'promise'.
  kind link_kind NOT NULL,
  -- For a user's input event, its type ('click', 'input', 'keydown'), as the browser runtime's probes read it; NULL otherwise.
  event_type VARCHAR,
  -- And its target: 'tag#id' for an element ('button#save', 'input' without an id), 'window' or 'document'; NULL for other targets.
  event_target VARCHAR
);

-- Perfetto's flow table over links, so Perfetto-style queries port.
CREATE OR REPLACE VIEW flow (
  -- The causing call (slice).
  slice_out,
  -- The caused call (slice).
  slice_in,
  -- The link kind.
  kind
) AS
SELECT from_call_id, to_call_id, kind::VARCHAR FROM links;

-- The causal chain from a call back to the event that started it, one row per step, step 0 being the call itself: each step goes to the link that caused the call when there is one ('promise', 'timer', 'event', 'fetch', 'message'), or to the call on another thread that posted the message it received ('message': a Web Worker's or worker thread's, from message_sends and message_receives), otherwise to its caller ('caller', or 'async-caller' for the caller of an async call's first segment). Ends at a root with no link; when that call was started from outside the app (call_origins), a last step says so: its via is the kind ('event' for a user's input), its origin what the input was ('click on button#save'; NULL on the other steps, and when the runtime did not say), and its call columns are NULL but for the thread. A call with several incoming links branches.
CREATE OR REPLACE MACRO why(start_call_id) AS TABLE
WITH RECURSIVE messaged AS MATERIALIZED (
  -- Calls that received a message another thread's recorded call sent (Web Workers, worker threads).
  SELECT r.call_id AS recv_call_id, s.call_id AS send_call_id
  FROM message_receives r JOIN threads receiver ON receiver.utid = r.utid
  JOIN message_sends s ON s.channel = r.channel AND s.direction = r.direction AND s.number = r.number
  JOIN threads sender ON sender.utid = s.utid AND sender.session_id = receiver.session_id
  WHERE r.call_id IS NOT NULL AND s.call_id IS NOT NULL
), chain(step, call_id, via, parent_id, is_async, utid, thread_id, site_id, depth, ts, dur, self_dur, end_ts, status, timing, async_id, segments) AS MATERIALIZED (
  SELECT 0, call_id, 'self', parent_id, async_id IS NOT NULL, utid, thread_id, site_id, depth, ts, dur, self_dur, end_ts, status, timing, async_id, segments
  FROM calls WHERE call_id = start_call_id
  UNION ALL
  SELECT chain.step + 1, c.call_id,
    CASE WHEN l.from_call_id IS NOT NULL THEN l.kind::VARCHAR WHEN m.send_call_id IS NOT NULL THEN 'message' WHEN chain.is_async THEN 'async-caller' ELSE 'caller' END,
    c.parent_id, c.async_id IS NOT NULL, c.utid, c.thread_id, c.site_id, c.depth, c.ts, c.dur, c.self_dur, c.end_ts, c.status, c.timing, c.async_id, c.segments
  FROM chain
  LEFT JOIN links l ON l.to_call_id = chain.call_id
  LEFT JOIN messaged m ON l.from_call_id IS NULL AND m.recv_call_id = chain.call_id
  JOIN calls c ON c.call_id = coalesce(l.from_call_id, m.send_call_id, chain.parent_id)
  WHERE chain.step < 10000
), origins AS (
  -- A message whose sending call was recorded is followed to it instead.
  SELECT DISTINCT chain.step + 1 AS step, o.kind::VARCHAR AS via, o.utid,
    o.event_type || coalesce(' on ' || o.event_target, '') AS origin
  FROM chain JOIN call_origins o USING (call_id)
  WHERE chain.call_id NOT IN (SELECT recv_call_id FROM messaged)
)
-- Each step's call columns come along the recursion (calls_named's, with the small sites and
-- threads joined at the end): joining calls_named to the chain afterwards scanned every call
-- again, most of why()'s time on 10 M calls.
SELECT chain.step, chain.via, chain.call_id, chain.utid, t.session_id, chain.thread_id, chain.site_id, chain.parent_id, chain.depth,
  chain.ts, chain.dur, chain.self_dur, chain.end_ts, chain.status, chain.timing, chain.async_id, chain.segments,
  coalesce(s.name, 'site#' || chain.site_id) AS name, s.file, s.line
FROM chain LEFT JOIN threads t USING (utid) LEFT JOIN sites s USING (site_id)
UNION ALL BY NAME
SELECT o.step, o.via, o.origin, o.utid, t.session_id, t.thread_id FROM origins o JOIN threads t USING (utid)
ORDER BY step, call_id NULLS LAST;
`
