/** Call trees and stacks. */
export const TREE_SQL: string = `
-- The call root_call_id and every call below it, in start order, with tree_depth counted from the root (0). Only calls of the root's thread that start within its span are searched, extended twice by the end of the calls started in it (async calls can outlive their caller): a descendant started after more than two such hand-offs is not listed.
CREATE OR REPLACE MACRO call_tree(root_call_id) AS TABLE
WITH RECURSIVE root AS (
  SELECT call_id, utid, ts, end_ts FROM calls WHERE call_id = root_call_id
), reach1 AS (
  SELECT greatest(max(r.end_ts), max(c.end_ts)) AS horizon FROM root r LEFT JOIN calls c
    ON c.utid = r.utid AND c.call_id > r.call_id AND c.ts >= r.ts AND c.ts <= r.end_ts
), reach2 AS (
  SELECT greatest(max(h.horizon), max(c.end_ts)) AS horizon FROM root r CROSS JOIN reach1 h LEFT JOIN calls c
    ON c.utid = r.utid AND c.call_id > r.call_id AND c.ts >= r.ts AND c.ts <= h.horizon
), candidates AS MATERIALIZED (
  SELECT c.call_id, c.parent_id FROM calls c, root r, reach2 h
  WHERE c.utid = r.utid AND c.call_id > r.call_id AND c.ts >= r.ts AND c.ts <= h.horizon
), tree(call_id, tree_depth) AS (
  SELECT call_id, 0 FROM root
  UNION ALL
  SELECT candidates.call_id, tree.tree_depth + 1 FROM candidates JOIN tree ON candidates.parent_id = tree.call_id
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

-- The calls running on thread at_utid at ts at_ts (started at or before it, not yet ended), outermost first. An async call in the list may be suspended at that moment: calls keep no segment times yet.
CREATE OR REPLACE MACRO stack_at(at_utid, at_ts) AS TABLE
SELECT n.* FROM calls_named n
WHERE n.utid = at_utid AND n.ts <= at_ts AND n.end_ts > at_ts
ORDER BY n.depth, n.ts, n.call_id;

-- The utid of thread thread_number of session session: to call stack_at and message_flow with a session id and a thread id.
CREATE OR REPLACE MACRO thread_utid(session, thread_number) AS
(SELECT utid FROM threads WHERE session_id = session AND thread_id = thread_number);
`
