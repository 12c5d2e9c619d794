/** One documented object of a SQL module. */
export interface SqlObjectDoc {
  module: string
  kind: 'type' | 'table' | 'view' | 'macro'
  name: string
  /** The `--` comment above the statement. */
  doc: string
  /** For macros: whether it returns a table (`AS TABLE`) rather than a value. */
  isTableMacro?: boolean
  /** Columns (tables, views) or parameters (macros); `doc` is '' when a column has no comment. */
  columns: Array<{ name: string, type: string, doc: string }>
}

const CREATE_RE = /^CREATE\s+(?:OR\s+REPLACE\s+)?(TYPE|TABLE|VIEW|MACRO)\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)(?:\s*\(([^)]*)\))?(?:\s+AS\s+(ENUM\s*\([^)]*\)))?/i
const COLUMN_RE = /^\s+(\w+)\s*(.*?),?\s*$/
const CONSTRAINT_RE = /^(?:PRIMARY|UNIQUE|FOREIGN|CHECK|CONSTRAINT)$/i

/** Statements of a module, split at `;` that ends a line (our SQL has none inside strings). */
export function splitStatements(sql: string): string[] {
  return sql.split(/;\s*(?:\n|$)/).map(s => s.trim()).filter(s => s.length > 0)
}

/**
 * Reads the Perfetto-style comments of a module: the `--` lines above each CREATE, and for tables
 * and views the `--` lines above each column of the column list.
 */
export function parseSqlDocs(module: string, sql: string): SqlObjectDoc[] {
  const docs: SqlObjectDoc[] = []
  for (const statement of splitStatements(sql)) {
    const lines = statement.split('\n')
    const head: string[] = []
    while (lines.length > 0 && lines[0]!.trimStart().startsWith('--')) head.push(lines.shift()!.trim().replace(/^--\s?/, ''))
    const match = CREATE_RE.exec(lines.join('\n'))
    if (!match) continue
    const kind = match[1]!.toLowerCase() as SqlObjectDoc['kind']
    const columns: SqlObjectDoc['columns'] = []
    if (kind === 'type') {
      columns.push({ name: match[2]!, type: match[4] ?? '', doc: '' })
    }
    else if (kind === 'macro') {
      for (const param of (match[3] ?? '').split(',').map(p => p.trim()).filter(Boolean)) columns.push({ name: param, type: '', doc: '' })
    }
    else {
      let pending: string[] = []
      for (const line of lines.slice(1)) {
        if (/^\)/.test(line)) break
        const trimmed = line.trim()
        if (trimmed.startsWith('--')) {
          pending.push(trimmed.replace(/^--\s?/, ''))
          continue
        }
        const column = COLUMN_RE.exec(line)
        if (!column || CONSTRAINT_RE.test(column[1]!)) continue
        columns.push({ name: column[1]!, type: column[2]!, doc: pending.join(' ') })
        pending = []
      }
    }
    const doc: SqlObjectDoc = { module, kind, name: match[2]!, doc: head.join(' '), columns }
    if (kind === 'macro') doc.isTableMacro = /\)\s*AS\s+TABLE\b/i.test(lines.join('\n'))
    docs.push(doc)
  }
  return docs
}

function quote(text: string): string {
  return `'${text.replaceAll('\'', '\'\'')}'`
}

/** `COMMENT ON` statements that store the docs in the file, for any DuckDB client (`duckdb_columns().comment`). */
export function commentStatements(docs: SqlObjectDoc[]): string[] {
  const out: string[] = []
  for (const object of docs) {
    // DuckDB has no comments on types; SCHEMA.md carries them.
    if (object.kind === 'type') continue
    const target = object.kind === 'macro' ? (object.isTableMacro ? 'MACRO TABLE' : 'MACRO') : object.kind.toUpperCase()
    out.push(`COMMENT ON ${target} ${object.name} IS ${quote(object.doc)}`)
    // DuckDB takes column comments on tables only.
    if (object.kind === 'table') {
      for (const column of object.columns) out.push(`COMMENT ON COLUMN ${object.name}.${column.name} IS ${quote(column.doc)}`)
    }
  }
  return out
}
