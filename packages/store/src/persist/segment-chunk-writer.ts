import type { DuckDBAppender, DuckDBType } from '@duckdb/node-api'
import type { SegmentColumns } from '../correlate/rows.ts'
import type { ThreadTarget } from './thread-target.ts'
import { DuckDBDataChunk } from '@duckdb/node-api'
import duckdb from '@duckdb/node-bindings'

const CHUNK_ROWS = 2048
const TWO_32 = 4294967296

/** Bytes per value of each call_segments column, in the order of `calls.sql`. */
const WIDTHS = [8, 4, 8, 8, 8, 4] as const
const [CALL_ID, UTID, TS, END_TS, STACK_ORDER, STACK_DEPTH] = WIDTHS.map((_, i) => i) as number[]

/** Writes a 64-bit integer held in a double as two 32-bit halves at `j`. */
function put64(to: Int32Array, j: number, v: number): void {
  const h = Math.floor(v / TWO_32)
  to[j << 1] = (v - h * TWO_32) >>> 0
  to[(j << 1) + 1] = h
}

/** Appends `SegmentColumns` to call_segments the way `CallChunkWriter` appends calls: typed arrays copied into a reused chunk. */
export class SegmentChunkWriter {
  private readonly chunk: DuckDBDataChunk
  private readonly vectors: duckdb.Vector[]
  private readonly buffers: ArrayBuffer[]
  private readonly i32: Int32Array[]

  constructor(types: readonly DuckDBType[]) {
    this.chunk = DuckDBDataChunk.create(types, CHUNK_ROWS)
    this.vectors = types.map((_, i) => duckdb.data_chunk_get_vector(this.chunk.chunk, i))
    this.buffers = WIDTHS.map(width => new ArrayBuffer(width * CHUNK_ROWS))
    this.i32 = this.buffers.map(buffer => new Int32Array(buffer))
  }

  /** Column types of the call_segments table, for the constructor. */
  static typesOf(appender: DuckDBAppender): DuckDBType[] {
    return WIDTHS.map((_, i) => appender.columnType(i))
  }

  append(appender: DuckDBAppender, target: ThreadTarget, segments: SegmentColumns): void {
    const offset = target.tsOffset
    for (let start = 0; start < segments.length; start += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, segments.length - start)
      this.i32[UTID]!.fill(target.utid, 0, count)
      for (let j = 0; j < count; j++) {
        const i = start + j
        put64(this.i32[CALL_ID]!, j, segments.callId[i]!)
        put64(this.i32[TS]!, j, segments.ts[i]! + offset)
        put64(this.i32[END_TS]!, j, segments.endTs[i]! + offset)
        put64(this.i32[STACK_ORDER]!, j, segments.stackOrder[i]!)
        this.i32[STACK_DEPTH]![j] = segments.stackDepth[i]!
      }
      duckdb.data_chunk_reset(this.chunk.chunk)
      for (let c = 0; c < WIDTHS.length; c++) duckdb.copy_data_to_vector(this.vectors[c]!, 0, this.buffers[c]!, 0, WIDTHS[c]! * count)
      duckdb.data_chunk_set_size(this.chunk.chunk, count)
      appender.appendDataChunk(this.chunk)
    }
  }
}
