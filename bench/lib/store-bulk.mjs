// DuckDB's fastest bulk path from Node, as a baseline for the store benches: the final calls rows,
// already laid out as vector buffers (64-bit values as two 32-bit halves), copied into one reused
// data chunk per 2048 rows (`copy_data_to_vector`) and appended in transactions of `rowsPerCommit`
// rows. Measured here (4.8 M rows of 14 columns): 131 072 rows per transaction go through the
// write-ahead log and the final checkpoint compresses them again (about 3 s in all); from about
// 524 288 rows DuckDB writes full row groups straight to the file as they are appended (about 1.3 s).
import { createRequire } from 'node:module'

const require = createRequire(import.meta.resolve('@execscope/store'))
const { DuckDBDataChunk, DuckDBInstance } = require('@duckdb/node-api')
const duckdb = require('@duckdb/node-bindings')

const WIDTHS = [8, 4, 4, 4, 8, 4, 8, 8, 8, 8, 1, 1, 4, 4]
const TWO_32 = 4294967296

/** Lays out rows read back from a calls table (arrays of numbers) as per-chunk vector buffers. */
export function layoutChunks(columns) {
  const rows = columns[0].length
  const chunks = []
  for (let start = 0; start < rows; start += 2048) {
    const count = Math.min(2048, rows - start)
    const buffers = WIDTHS.map(w => new ArrayBuffer(w * 2048))
    for (let c = 0; c < WIDTHS.length; c++) {
      const col = columns[c]
      if (WIDTHS[c] === 8) {
        const out = new Int32Array(buffers[c])
        for (let j = 0; j < count; j++) {
          const v = Number(col[start + j] ?? 0)
          const h = Math.floor(v / TWO_32)
          out[2 * j] = (v - h * TWO_32) >>> 0
          out[2 * j + 1] = h
        }
      }
      else if (WIDTHS[c] === 4) {
        const out = new Int32Array(buffers[c])
        for (let j = 0; j < count; j++) out[j] = Number(col[start + j] ?? 0)
      }
      else {
        const out = new Uint8Array(buffers[c])
        for (let j = 0; j < count; j++) out[j] = Number(col[start + j])
      }
    }
    const validity = [4, 12].map((c) => {
      const bits = new Uint32Array(64)
      for (let j = 0; j < count; j++) if (columns[c][start + j] !== null) bits[j >>> 5] |= 1 << (j & 31)
      return bits
    })
    chunks.push({ count, buffers, validity })
  }
  return chunks
}

/** Appends laid-out chunks into `table` of a new database at `file`; returns the seconds taken (with the final checkpoint). */
export async function bulkAppend(file, createSql, table, chunks, rowsPerCommit = 131_072) {
  const instance = await DuckDBInstance.create(file)
  const connection = await instance.connect()
  for (const statement of createSql) await connection.run(statement)
  const started = performance.now()
  let chunk
  let vectors
  let appender
  let inTransaction = 0
  for (const { count, buffers, validity } of chunks) {
    if (inTransaction === 0) {
      await connection.run('BEGIN TRANSACTION')
      appender = await connection.createAppender(table)
      if (!chunk) {
        chunk = DuckDBDataChunk.create(WIDTHS.map((_, i) => appender.columnType(i)), 2048)
        vectors = WIDTHS.map((_, i) => duckdb.data_chunk_get_vector(chunk.chunk, i))
      }
    }
    duckdb.data_chunk_reset(chunk.chunk)
    for (let c = 0; c < WIDTHS.length; c++) duckdb.copy_data_to_vector(vectors[c], 0, buffers[c], 0, WIDTHS[c] * count)
    ;[4, 12].forEach((c, i) => {
      duckdb.vector_ensure_validity_writable(vectors[c])
      duckdb.copy_data_to_vector_validity(vectors[c], 0, validity[i].buffer, 0, Math.ceil(count / 64) * 8)
    })
    duckdb.data_chunk_set_size(chunk.chunk, count)
    appender.appendDataChunk(chunk)
    inTransaction += count
    if (inTransaction >= rowsPerCommit) {
      appender.closeSync()
      await connection.run('COMMIT')
      inTransaction = 0
    }
  }
  if (inTransaction > 0) {
    appender.closeSync()
    await connection.run('COMMIT')
  }
  await connection.run('CHECKPOINT')
  const seconds = (performance.now() - started) / 1000
  connection.closeSync()
  instance.closeSync()
  return seconds
}

/** Reads every column of `table` into arrays of JS values (BIGINTs as numbers, enums as their index). */
export async function readColumns(file, table, columnSql) {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' })
  const connection = await instance.connect()
  const reader = await connection.runAndReadAll(`SELECT ${columnSql} FROM ${table}`)
  const columns = reader.getColumnsJS().map(col => col.map(v => (typeof v === 'bigint' ? Number(v) : v)))
  connection.closeSync()
  instance.closeSync()
  return columns
}
