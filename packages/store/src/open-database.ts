import type { DuckDBConnection } from '@duckdb/node-api'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { ExecscopeError } from '@execscope/core'
import { SCHEMA_MODULES, SCHEMA_VERSION } from './schema.ts'
import { schemaDocs } from './schema-markdown.ts'
import { commentStatements, splitStatements } from './sql-docs.ts'

/** An open trace file. */
export interface OpenDatabase {
  instance: DuckDBInstance
  connection: DuckDBConnection
  /** Lets this process open the file for writing again; call once the instance is closed. */
  release: () => void
}

/**
 * Trace files this process has open for writing. DuckDB's lock is per process: a second instance
 * on a file the process already writes opens without complaint, and the two writers corrupt it
 * (two Vite servers of one Vitest run did: "Failed to deserialize: field id mismatch"). Kept on
 * globalThis, so that two copies of this package in one process see each other.
 */
const openForWriting: Set<string> = ((globalThis as Record<symbol, unknown>)[Symbol.for('execscope.store.filesOpenForWriting')] ??= new Set<string>()) as Set<string>

function claimForWriting(file: string): () => void {
  const key = resolve(file)
  if (openForWriting.has(key)) {
    throw new ExecscopeError('ES_TRACE_FILE', `The trace file ${file} is already open for writing in this process; two writers would corrupt it. Close the other store (store.close()) before opening it again, or share that store.`)
  }
  openForWriting.add(key)
  let isReleased = false
  return () => {
    if (isReleased) return
    isReleased = true
    openForWriting.delete(key)
  }
}

function traceFileError(file: string, error: unknown): ExecscopeError {
  const message = error instanceof Error ? error.message : String(error)
  if (/lock/i.test(message)) {
    return new ExecscopeError('ES_TRACE_FILE', `The trace file ${file} is in use by another process (DuckDB allows one writer, and no reader while it writes). Stop the dev server or collector that records into it, or query it through the collector's /__execscope/api/sql endpoint. DuckDB said: ${message}`, { cause: error })
  }
  return new ExecscopeError('ES_TRACE_FILE', `Could not open the trace file ${file}: ${message}. If it is not a trace file, delete or move it and execscope starts a new one.`, { cause: error })
}

async function tableNames(connection: DuckDBConnection): Promise<string[]> {
  const reader = await connection.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'`)
  return reader.getRowsJS().map(row => String(row[0]))
}

let statements: string[] | undefined
let hash: string | undefined

/** Every statement that makes the schema: tables, views and macros, then their comments. */
function schemaStatements(): string[] {
  return (statements ??= [...SCHEMA_MODULES.flatMap(module => splitStatements(module.sql)), ...commentStatements(schemaDocs())])
}

/** A digest of schemaStatements(), kept in `meta` under 'schema_hash'. */
function schemaHash(): string {
  return (hash ??= createHash('sha1').update(schemaStatements().join('\n;\n')).digest('hex'))
}

async function storedSchemaHash(connection: DuckDBConnection): Promise<string | undefined> {
  const reader = await connection.runAndReadAll(`SELECT value FROM meta WHERE key = 'schema_hash'`)
  const value = reader.getRowsJS()[0]?.[0]
  return typeof value === 'string' ? value : undefined
}

/**
 * Opens (or creates) the trace file and brings its schema up: creates the tables of a new file,
 * refuses a file of another schema version, and (re)creates the views and macros.
 */
export async function openDatabase(file: string, options: { isReadOnly: boolean }): Promise<OpenDatabase> {
  if (options.isReadOnly && !existsSync(file))
    throw new ExecscopeError('ES_TRACE_FILE', `The trace file ${file} does not exist. Record a trace first: run the app built or served with the execscope plugin, a Node program with node --import execscope/register, or tests under Vitest with the plugin or Jest with execscope/jest.`)
  if (!options.isReadOnly) mkdirSync(dirname(file), { recursive: true })
  const release = options.isReadOnly ? () => {} : claimForWriting(file)
  let instance: DuckDBInstance
  try {
    instance = await DuckDBInstance.create(file, options.isReadOnly ? { access_mode: 'READ_ONLY' } : {})
  }
  catch (error) {
    release()
    throw traceFileError(file, error)
  }
  const connection = await instance.connect()
  try {
    const tables = await tableNames(connection)
    if (tables.length > 0) {
      if (!tables.includes('meta'))
        throw new ExecscopeError('ES_TRACE_FILE', `${file} is a DuckDB file but not an execscope trace (it has no meta table). Delete or move it, or point execscope at another file.`)
      const reader = await connection.runAndReadAll(`SELECT value FROM meta WHERE key = 'schema_version'`)
      const version = reader.getRowsJS()[0]?.[0]
      if (version !== String(SCHEMA_VERSION))
        throw new ExecscopeError('ES_TRACE_FILE', `The trace file ${file} has schema version ${JSON.stringify(version ?? null)}, but this execscope writes version ${SCHEMA_VERSION}. Delete or move the file; a new trace starts in its place.`)
    }
    else if (options.isReadOnly) {
      throw new ExecscopeError('ES_TRACE_FILE', `${file} is empty, not an execscope trace. Record a trace first.`)
    }
    // The views, macros and comments are (re)made at each open for writing, so that a file recorded
    // by an earlier build gets this one's; a file that already has exactly these skips it (about
    // 70 ms, at each start of a dev server or test run).
    if (!options.isReadOnly && (tables.length === 0 || await storedSchemaHash(connection) !== schemaHash())) {
      await connection.run('BEGIN TRANSACTION')
      for (const statement of schemaStatements()) await connection.run(statement)
      await connection.run(`INSERT INTO meta VALUES ('schema_version', '${SCHEMA_VERSION}'), ('created_by', '@execscope/store') ON CONFLICT (key) DO NOTHING`)
      await connection.run(`INSERT INTO meta VALUES ('schema_hash', '${schemaHash()}') ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
      await connection.run('COMMIT')
    }
  }
  catch (error) {
    connection.closeSync()
    instance.closeSync()
    release()
    if (error instanceof ExecscopeError) throw error
    throw traceFileError(file, error)
  }
  return { instance, connection, release }
}
