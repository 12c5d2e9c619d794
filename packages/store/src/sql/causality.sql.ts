/** Causal links between calls, and why(call). */
export const CAUSALITY_SQL: string = `
-- What made one call happen after another: 'promise' (a reaction ran), 'timer' (a timeout or interval fired), 'event' (a listener was dispatched), 'fetch' (a response arrived), 'message' (postMessage delivered).
CREATE TYPE IF NOT EXISTS link_kind AS ENUM ('promise', 'timer', 'event', 'fetch', 'message');

-- Causal links reported by the runtime's probes (Perfetto's flow): the call that scheduled something and the call that ran because of it. Empty until the runtime ships its probes (promise, timer, event, fetch and message records are not in protocol 1); why() already follows them.
CREATE TABLE IF NOT EXISTS links (
  -- What kind of cause.
  kind link_kind NOT NULL,
  -- The call that scheduled, dispatched or sent (the cause).
  from_call_id BIGINT NOT NULL,
  -- Its thread.
  from_utid INTEGER NOT NULL,
  -- The call that ran because of it (the effect).
  to_call_id BIGINT NOT NULL,
  -- Its thread (another thread for messages).
  to_utid INTEGER NOT NULL,
  -- When the cause happened (scheduling, dispatch or send), ns since the session's time origin.
  ts BIGINT NOT NULL
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

-- The causal chain from a call back to the event that started it, one row per step, step 0 being the call itself: each step goes to the link that caused the call when there is one ('promise', 'timer', 'event', 'fetch', 'message'), otherwise to its caller ('caller', or 'async-caller' for the caller of an async call's first segment). Ends at a root with no link. A call with several incoming links branches. Callers are searched among the calls running when the call (or a link's cause) started, so the walk reads few row groups.
CREATE OR REPLACE MACRO why(start_call_id) AS TABLE
WITH RECURSIVE anchors AS MATERIALIZED (
  SELECT utid, ts FROM calls WHERE call_id = start_call_id
  UNION ALL
  SELECT c.utid, c.ts FROM links l JOIN calls c ON c.call_id = l.from_call_id
), candidates AS MATERIALIZED (
  -- A call's callers were all running when it started: they began before and ended after.
  SELECT DISTINCT c.call_id, c.parent_id, c.async_id FROM anchors a JOIN calls c ON c.utid = a.utid AND c.ts <= a.ts AND c.end_ts >= a.ts
), chain(step, call_id, via) AS (
  SELECT 0, start_call_id::BIGINT, 'self'
  UNION ALL
  SELECT chain.step + 1,
    coalesce(l.from_call_id, c.parent_id),
    CASE WHEN l.from_call_id IS NOT NULL THEN l.kind::VARCHAR WHEN c.async_id IS NULL THEN 'caller' ELSE 'async-caller' END
  FROM chain
  JOIN candidates c ON c.call_id = chain.call_id
  LEFT JOIN links l ON l.to_call_id = chain.call_id
  WHERE coalesce(l.from_call_id, c.parent_id) IS NOT NULL AND chain.step < 10000
), named AS (
  SELECT * FROM calls_named WHERE call_id IN (SELECT call_id FROM chain)
)
SELECT chain.step, chain.via, n.* FROM chain JOIN named n USING (call_id)
ORDER BY chain.step, n.call_id;
`
