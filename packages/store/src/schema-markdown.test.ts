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
        "table threads (7)",
        "table sites (10)",
        "type call_status (1)",
        "type call_timing (1)",
        "table calls (13)",
        "table drops (5)",
        "view calls_named (16)",
        "view calls_slowest (11)",
        "view thread (4)",
        "view thread_track (3)",
        "view slice (8)",
        "macro call_tree (1)",
        "macro call_stack (1)",
      ]
    `)
  })

  it('matches SCHEMA.md (regenerate with vitest -u)', async () => {
    await expect(renderSchemaMarkdown()).toMatchFileSnapshot('../SCHEMA.md')
  })
})
