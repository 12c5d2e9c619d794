import { describe, expect, it } from 'vitest'
import { renderSchemaMarkdown, schemaDocs } from './schema-markdown.ts'

describe('renderSchemaMarkdown', () => {
  it('documents every table, view, macro and column', () => {
    const missing = schemaDocs().flatMap(object => [
      ...(object.doc ? [] : [object.name]),
      ...(object.kind === 'macro' || object.kind === 'type' ? [] : object.columns.filter(c => !c.doc).map(c => `${object.name}.${c.name}`)),
    ])
    expect(missing).toEqual([])
    expect(schemaDocs().map(o => `${o.kind} ${o.name} (${o.columns.length})`)).toMatchInlineSnapshot(`
      [
        "table meta (2)",
        "table sessions (4)",
        "table threads (6)",
        "table sites (10)",
        "type call_status (1)",
        "type call_timing (1)",
        "table calls (14)",
        "table call_segments (6)",
        "type drop_reason (1)",
        "table drops (5)",
        "table batches (9)",
        "view thread_clocks (4)",
        "table _site_rollups (10)",
        "table counted_calls (4)",
        "table _site_dur_hist (3)",
        "macro _dur_bucket (1)",
        "macro _bucket_dur (1)",
        "view calls_named (18)",
        "view calls_slowest (15)",
        "view calls_slowest_exact (11)",
        "view sites_hot (12)",
        "type value_role (1)",
        "table values (9)",
        "view errors (19)",
        "view thread (4)",
        "view thread_track (3)",
        "view slice (8)",
        "macro call_tree (1)",
        "macro call_stack (1)",
        "macro stack_at (2)",
        "macro thread_utid (2)",
        "type message_direction (1)",
        "table message_sends (6)",
        "table message_receives (6)",
        "view message_pairs (15)",
        "view messages (9)",
        "macro message_flow (2)",
        "type link_kind (1)",
        "table links (6)",
        "table call_origins (5)",
        "view flow (3)",
        "macro why (1)",
        "table state_records (7)",
        "view state_changes (9)",
        "macro _state_changes_of (1)",
        "macro state_at (3)",
        "macro state_history (1)",
        "table runtime_stats (11)",
        "view runtime_cost (10)",
        "view unsent_records (5)",
      ]
    `)
  })

  it('matches SCHEMA.md (regenerate with vitest -u)', async () => {
    await expect(renderSchemaMarkdown()).toMatchFileSnapshot('../SCHEMA.md')
  })
})
