import type { SiteRow } from '@execscope/core'
import type { Store, StoreOptions } from '../src/index.ts'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { createStore } from '../src/index.ts'

/** A temp directory removed by `dispose` unless EXECSCOPE_KEEP_TMP=1. */
export function tempDir(): { dir: string, dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'execscope-store-'))
  return { dir, dispose: () => process.env.EXECSCOPE_KEEP_TMP === '1' || rmSync(dir, { recursive: true, force: true }) }
}

/** Opens a store on a fresh temp file; `dispose` closes it and removes the directory. */
export async function tempStore(options: Partial<StoreOptions> = {}): Promise<{ store: Store, file: string, dir: string, dispose: () => Promise<void> }> {
  const { dir, dispose } = tempDir()
  const file = join(dir, '.execscope', 'trace.duckdb')
  const store = await createStore({ ...options, file })
  return {
    store,
    file,
    dir,
    dispose: async () => {
      await store.close()
      dispose()
    },
  }
}

/** Renders rows as an aligned text table, for readable inline snapshots. */
export function formatRows(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '(no rows)'
  const columns = Object.keys(rows[0]!)
  const cells = [columns, ...rows.map(row => columns.map(c => (row[c] === null ? 'NULL' : String(row[c]))))]
  const widths = columns.map((_, i) => Math.max(...cells.map(line => line[i]!.length)))
  return `\n${cells.map(line => line.map((cell, i) => cell.padEnd(widths[i]!)).join(' ').trimEnd()).join('\n')}\n`
}

/** The rows `sql` returns from `store`, rendered by `formatRows`. */
export async function queryRows(store: Store, sql: string): Promise<string> {
  return formatRows(await store.query(sql))
}

/** Manifest rows for the functions `names` of `file`: site ids 1, 2, … in order, each on line `lineOf(i)`. */
export function functionSites(file: string, names: readonly string[], lineOf: (i: number) => number = i => i + 1): SiteRow[] {
  return names.map((name, i) => ({ siteId: i + 1, key: `${file}#${name}#0`, kind: 'function', name, file, line: lineOf(i), column: 1, isAsync: false, isGenerator: false }))
}
