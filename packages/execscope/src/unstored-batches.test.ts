import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDirs } from './temp-dirs.test-support.ts'
import { unstoredBatchesHint } from './unstored-batches.ts'

const tempDir = tempDirs('execscope-unstored-')

describe('unstoredBatchesHint', () => {
  it('says to run execscope ingest when batch files wait beside a trace file that does not exist', () => {
    const cwd = tempDir()
    mkdirSync(join(cwd, '.execscope', 'batches'), { recursive: true })
    writeFileSync(join(cwd, '.execscope', 'batches', 'a-1.batches'), '')
    writeFileSync(join(cwd, '.execscope', 'batches', 'a-1.batches.0.stats.json'), '{}')
    expect(unstoredBatchesHint(join(cwd, '.execscope', 'trace.duckdb'), cwd)).toBe('1 batch file waits in .execscope/batches: store it first with `execscope ingest`.')
    writeFileSync(join(cwd, '.execscope', 'batches', 'b-2.batches'), '')
    mkdirSync(join(cwd, 'out', 'batches'), { recursive: true })
    writeFileSync(join(cwd, 'out', 'batches', 'c-3.batches'), '')
    expect(unstoredBatchesHint(join(cwd, 'out', 'run.duckdb'), cwd)).toBe('1 batch file waits in out/batches: store it first with `execscope ingest --trace out/run.duckdb`.')
    expect(unstoredBatchesHint(join(cwd, '.execscope', 'trace.duckdb'), cwd)).toBe('2 batch files wait in .execscope/batches: store them first with `execscope ingest`.')
  })

  it('says nothing when the trace file exists or no batch file waits', () => {
    const cwd = tempDir()
    expect(unstoredBatchesHint(join(cwd, '.execscope', 'trace.duckdb'), cwd)).toBeUndefined()
    mkdirSync(join(cwd, '.execscope', 'batches'), { recursive: true })
    expect(unstoredBatchesHint(join(cwd, '.execscope', 'trace.duckdb'), cwd)).toBeUndefined()
    writeFileSync(join(cwd, '.execscope', 'batches', 'a-1.batches'), '')
    writeFileSync(join(cwd, '.execscope', 'trace.duckdb'), '')
    expect(unstoredBatchesHint(join(cwd, '.execscope', 'trace.duckdb'), cwd)).toBeUndefined()
  })
})
