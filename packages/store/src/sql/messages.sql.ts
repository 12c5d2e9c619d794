/** Messages between threads: the two sides as recorded, and the view that pairs them. */
export const MESSAGES_SQL: string = `
-- Which way a message went on a channel between a thread and a worker thread it started: 'down' from the parent to the worker, 'up' from the worker to its parent.
CREATE TYPE IF NOT EXISTS message_direction AS ENUM ('down', 'up');

-- The sending side of messages between a thread and the worker threads it starts: Node's worker threads (Worker#postMessage, parentPort.postMessage in the worker) and browsers' Web Workers (Worker#postMessage, postMessage in the worker, which joins its page's session): one row per MessageSend record of the runtime's probes, written once the host accepted the message (one it could not clone has none). message_pairs pairs them with message_receives.
CREATE TABLE IF NOT EXISTS message_sends (
  -- The sending thread.
  utid INTEGER NOT NULL,
  -- The call that posted it (on top of the sending thread's stack); NULL outside any recorded call.
  call_id BIGINT,
  -- When it was posted (read right before postMessage ran, so never after its receipt), ns since the session's time origin.
  ts BIGINT NOT NULL,
  -- The channel: the worker's thread id (its threads.thread_id, in the same session).
  channel UINTEGER NOT NULL,
  -- Which way it went.
  direction message_direction NOT NULL,
  -- Its number on the channel in its direction, from 1 (a channel delivers each direction in order: the n-th message posted is the n-th delivered).
  number UINTEGER NOT NULL
);

-- The receiving side of those messages: one row per MessageReceive record, written when a message was delivered, once however many listeners it had (or none).
CREATE TABLE IF NOT EXISTS message_receives (
  -- The receiving thread.
  utid INTEGER NOT NULL,
  -- The call that received it: the effect of the LinkIn(Message) window the receipt was written in, the first call entered at the receipt's stack depth before the window ended; NULL when no recorded call ran for it (no listener, or none instrumented).
  call_id BIGINT,
  -- When it was delivered (right before its listeners ran), ns since the session's time origin.
  ts BIGINT NOT NULL,
  -- The channel: the worker's thread id.
  channel UINTEGER NOT NULL,
  -- Which way it went.
  direction message_direction NOT NULL,
  -- Its number on the channel in its direction, from 1: the same as its send's.
  number UINTEGER NOT NULL
);

-- Every recorded message with both sides paired by session (threads.session_id), channel, direction and number. A send without a receipt (in flight when the recording ended, dropped by a worker that ended, or its receipt lost) has NULL receive columns; a receipt without a send (the send lost to a full ring or a gap, or posted while the sender's probes were paused) is kept too, with NULL send columns.
CREATE OR REPLACE VIEW message_pairs (
  -- Id of the message: a 53-bit hash of its session, channel, direction and number, so the same in every query whichever side was recorded, and exact as a JavaScript number. Distinct in practice: among a million messages, two share an id with odds of about 1 in 18,000.
  message_id,
  -- 'worker': between a thread and a worker thread it started.
  kind,
  -- The session of both threads.
  session_id,
  -- The channel: the worker's thread id.
  channel,
  -- Which way it went: 'down' to the worker, 'up' to the parent.
  direction,
  -- Its number on the channel in its direction, from 1.
  number,
  -- The thread that started the worker (one end of the channel); NULL while no message of the channel was recorded on that side.
  parent_utid,
  -- The worker thread (the other end); NULL when it recorded nothing.
  worker_utid,
  -- The sending thread; NULL when the send was not recorded.
  send_utid,
  -- The call that posted it; NULL outside any recorded call or when the send was not recorded.
  send_call_id,
  -- When it was posted, ns since the session's time origin; NULL when the send was not recorded.
  send_ts,
  -- The receiving thread; NULL while no receipt was recorded.
  recv_utid,
  -- The call that received it (see message_receives.call_id); NULL when none ran or no receipt was recorded.
  recv_call_id,
  -- When it was delivered, ns since the session's time origin; NULL while no receipt was recorded.
  recv_ts,
  -- Preview of the data: always NULL, the probes do not read message data.
  preview
) AS
WITH s AS (SELECT t.session_id, m.* FROM message_sends m JOIN threads t USING (utid)),
r AS (SELECT t.session_id, m.* FROM message_receives m JOIN threads t USING (utid)),
paired AS (
  SELECT coalesce(s.session_id, r.session_id) AS session_id, coalesce(s.channel, r.channel) AS channel,
    coalesce(s.direction, r.direction) AS direction, coalesce(s.number, r.number) AS number,
    s.utid AS send_utid, s.call_id AS send_call_id, s.ts AS send_ts, r.utid AS recv_utid, r.call_id AS recv_call_id, r.ts AS recv_ts
  FROM s FULL JOIN r ON s.session_id = r.session_id AND s.channel = r.channel AND s.direction = r.direction AND s.number = r.number
)
SELECT (hash(p.session_id, p.channel, p.direction::VARCHAR, p.number) >> 11)::BIGINT, 'worker', p.session_id, p.channel, p.direction, p.number,
  max(CASE WHEN p.direction = 'down' THEN p.send_utid ELSE p.recv_utid END) OVER (PARTITION BY p.session_id, p.channel),
  w.utid, p.send_utid, p.send_call_id, p.send_ts, p.recv_utid, p.recv_call_id, p.recv_ts, NULL::VARCHAR
FROM paired p LEFT JOIN threads w ON w.session_id = p.session_id AND w.thread_id = p.channel;

-- One message between two threads as a send/receive pair (the columns of message_pairs that every kind of message will have): for now the messages between a thread and the worker threads it starts (Node worker threads, Web Workers).
CREATE OR REPLACE VIEW messages (
  -- Id of the message (see message_pairs).
  message_id,
  -- 'worker': between a thread and a worker thread it started.
  kind,
  -- The sending thread; NULL when the send was not recorded.
  send_utid,
  -- The call that sent it; NULL outside any recorded call or when the send was not recorded.
  send_call_id,
  -- When it was sent, ns since the session's time origin; NULL when the send was not recorded.
  send_ts,
  -- The receiving thread; NULL while no receipt was recorded.
  recv_utid,
  -- The call (listener) that received it; NULL when none ran or no receipt was recorded.
  recv_call_id,
  -- When it was received, ns since the session's time origin; NULL while no receipt was recorded.
  recv_ts,
  -- Bounded, side-effect-free preview of the data; NULL: not recorded yet.
  preview
) AS
SELECT message_id, kind, send_utid, send_call_id, send_ts, recv_utid, recv_call_id, recv_ts, preview FROM message_pairs;

-- Messages between threads a and b (utids), both directions, in send order (receipt order for those whose send was not recorded), with the latency of those both sides of which were recorded. A message one side of which was not recorded is still shown when its channel is known to join a and b.
CREATE OR REPLACE MACRO message_flow(a, b) AS TABLE
SELECT message_id, kind, send_utid, send_call_id, send_ts, recv_utid, recv_call_id, recv_ts,
  recv_ts - send_ts AS latency, preview, channel, direction, number
FROM message_pairs
WHERE (parent_utid = a AND worker_utid = b) OR (parent_utid = b AND worker_utid = a)
ORDER BY coalesce(send_ts, recv_ts), message_id;
`
