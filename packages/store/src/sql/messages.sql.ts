/** Messages between threads. */
export const MESSAGES_SQL: string = `
-- One message between two threads: a postMessage, a worker message or a BroadcastChannel post, as a send/receive pair. Empty until the runtime ships its message probes (protocol 1 has no message records); message_flow already reads it.
CREATE TABLE IF NOT EXISTS messages (
  -- Id unique across the file.
  message_id BIGINT NOT NULL,
  -- 'postMessage', 'worker', 'broadcast' or 'port'.
  kind VARCHAR NOT NULL,
  -- The sending thread.
  send_utid INTEGER NOT NULL,
  -- The call that sent it, NULL outside any recorded call.
  send_call_id BIGINT,
  -- When it was sent, ns since the session's time origin.
  send_ts BIGINT NOT NULL,
  -- The receiving thread; NULL while no receipt was recorded.
  recv_utid INTEGER,
  -- The call (listener) that received it; NULL while no receipt was recorded.
  recv_call_id BIGINT,
  -- When it was received, ns since the session's time origin; NULL while no receipt was recorded.
  recv_ts BIGINT,
  -- Bounded, side-effect-free preview of the data.
  preview VARCHAR
);

-- Messages between threads a and b (utids), both directions, in send order, with the latency of those received.
CREATE OR REPLACE MACRO message_flow(a, b) AS TABLE
SELECT m.message_id, m.kind, m.send_utid, m.send_call_id, m.send_ts, m.recv_utid, m.recv_call_id, m.recv_ts,
  m.recv_ts - m.send_ts AS latency, m.preview
FROM messages m
WHERE (m.send_utid = a AND m.recv_utid = b) OR (m.send_utid = b AND m.recv_utid = a)
ORDER BY m.send_ts, m.message_id;
`
