import type { SqlObjectDoc } from './sql-docs.ts'
import { SCHEMA_MODULES, SCHEMA_VERSION } from './schema.ts'
import { parseSqlDocs } from './sql-docs.ts'

function cell(text: string): string {
  return text.replaceAll('|', '\\|')
}

function section(title: string, objects: SqlObjectDoc[]): string[] {
  if (objects.length === 0) return []
  const out = [`## ${title}`, '']
  for (const object of objects) {
    const signature = object.kind === 'macro' ? `${object.name}(${object.columns.map(c => c.name).join(', ')})` : object.name
    out.push(`### \`${signature}\``, '', `${object.doc} *(${object.module})*`, '')
    if (object.kind === 'type') {
      out.push(`\`${object.columns[0]!.type}\``, '')
    }
    else if (object.kind !== 'macro') {
      const withType = object.kind === 'table'
      out.push(withType ? '| column | type | description |' : '| column | description |', withType ? '|---|---|---|' : '|---|---|')
      for (const column of object.columns) {
        out.push(withType
          ? `| \`${column.name}\` | ${cell(column.type)} | ${cell(column.doc)} |`
          : `| \`${column.name}\` | ${cell(column.doc)} |`)
      }
      out.push('')
    }
  }
  return out
}

/** @internal Every documented object of the schema, in load order. */
export function schemaDocs(): SqlObjectDoc[] {
  return SCHEMA_MODULES.flatMap(module => parseSqlDocs(module.name, module.sql))
}

/** @internal The text of `packages/store/SCHEMA.md`, generated from the `--` comments of the SQL modules. */
export function renderSchemaMarkdown(): string {
  const docs = schemaDocs()
  return [
    '# Trace file schema',
    '',
    '<!-- Generated from packages/store/src/sql/*.sql.ts by src/schema-markdown.ts. Do not edit;',
    '     regenerate with `pnpm vitest run --project unit packages/store -u`. -->',
    '',
    `Schema version ${SCHEMA_VERSION}. Times (\`ts\`, \`dur\`, \`self_dur\`, \`end_ts\`) are BIGINT nanoseconds; \`ts\` counts from the session's`,
    'time origin (`sessions.time_origin_ms`). Per-thread tables refer to their thread by `utid` (`threads`), as in Perfetto.',
    'Tables and views starting with `_` are internal. The same comments are stored in the file: `select * from duckdb_columns()`.',
    '',
    ...section('Types', docs.filter(d => d.kind === 'type')),
    ...section('Tables', docs.filter(d => d.kind === 'table')),
    ...section('Views', docs.filter(d => d.kind === 'view')),
    ...section('Table macros', docs.filter(d => d.kind === 'macro' && d.isTableMacro)),
    ...section('Scalar macros', docs.filter(d => d.kind === 'macro' && !d.isTableMacro)),
  ].join('\n')
}
