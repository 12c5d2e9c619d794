/** Call trees and stacks. */
export const TREE_SQL: string = `
-- The call root_call_id and every call below it, in start order, with tree_depth counted from the root (0). A call starts while its parent runs, so children are looked for among the calls of the root's thread started within the root's span, and, for calls of the tree that outlive the root (an async call its caller did not await, and what its later segments call), among the calls started after the root ended: no descendant is missed, however many async hand-offs lead to it.
CREATE OR REPLACE MACRO call_tree(root_call_id) AS TABLE
WITH RECURSIVE root AS MATERIALIZED (
  SELECT call_id, utid, ts, end_ts FROM calls WHERE call_id = root_call_id
), within AS MATERIALIZED (
  SELECT c.call_id, c.parent_id, c.end_ts FROM calls c, root r
  WHERE c.utid = r.utid AND c.call_id > r.call_id AND c.ts >= r.ts AND c.ts <= r.end_ts
), tree(call_id, tree_depth, end_ts) AS (
  SELECT call_id, 0, end_ts FROM root
  UNION ALL
  (SELECT c.call_id, tree.tree_depth + 1, c.end_ts FROM tree JOIN within c ON c.parent_id = tree.call_id
  UNION ALL
  SELECT c.call_id, tree.tree_depth + 1, c.end_ts FROM tree JOIN root r ON tree.end_ts > r.end_ts
    JOIN calls c ON c.parent_id = tree.call_id AND c.utid = r.utid AND c.ts > r.end_ts AND c.ts <= tree.end_ts)
), found AS MATERIALIZED (
  SELECT call_id, tree_depth FROM tree
)
-- Bounding call_id lets the lookup of names skip row groups (zone maps).
SELECT n.*, found.tree_depth FROM found JOIN calls_named n USING (call_id)
WHERE n.call_id BETWEEN (SELECT min(call_id) FROM found) AND (SELECT max(call_id) FROM found)
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

-- The calls running on thread at_utid at ts at_ts, outermost first: started at or before it, not yet ended, and, for async functions and generators that suspended, in a segment that runs at that moment (call_segments), not suspended. Ordered as they were pushed onto the stack (call_segments.stack_order), so a generator resumed by a later caller comes above it.
CREATE OR REPLACE MACRO stack_at(at_utid, at_ts) AS TABLE
WITH spanning AS MATERIALIZED (
  SELECT call_id, async_id, ts FROM calls WHERE utid = at_utid AND ts <= at_ts AND end_ts > at_ts
), segmented AS MATERIALIZED (
  -- Every such call keeps its first segment in this window, which reads few row groups (end_ts follows row order).
  SELECT s.call_id, s.ts, s.end_ts, s.stack_order, s.stack_depth FROM call_segments s, (SELECT min(ts) AS first_ts FROM spanning) b
  WHERE s.utid = at_utid AND s.ts <= at_ts AND s.end_ts >= b.first_ts
    AND s.call_id IN (SELECT call_id FROM spanning WHERE async_id IS NOT NULL)
), running AS (
  SELECT call_id, call_id AS stack_order, -1 AS stack_depth FROM spanning WHERE call_id NOT IN (SELECT call_id FROM segmented)
  UNION ALL
  SELECT call_id, stack_order, stack_depth FROM segmented WHERE ts <= at_ts AND end_ts > at_ts
)
SELECT n.* FROM running r JOIN calls_named n USING (call_id)
ORDER BY r.stack_order, r.stack_depth, n.call_id;

-- The utid of thread thread_number of session session: to call stack_at and message_flow with a session id and a thread id.
CREATE OR REPLACE MACRO thread_utid(session, thread_number) AS
(SELECT utid FROM threads WHERE session_id = session AND thread_id = thread_number);
`
