import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { encodeBatch, RecordKind } from '@execscope/core'
import { describe, expect, it } from 'vitest'
import { ingestBatchFiles } from './ingest-batch-files.ts'
import { tempDirs } from './temp-dirs.test-support.ts'

const tempDir = tempDirs('execscope-ingest-')

/** One thread's batch: a call of site 7 that returned. */
function batch(firstSeq: number): Uint8Array {
  const session = Uint8Array.from({ length: 16 }, (_, i) => i + 1)
  return encodeBatch({ sessionId: session, threadId: 0, firstSeq, timeOriginMs: 1_764_000_000_000 }, Int32Array.from([RecordKind.Enter, 7, 0, 0, RecordKind.Return, 7, 0, 0]), 0, 2)
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.byteLength
  }
  return out
}

async function ingest(files: Record<string, Uint8Array>): Promise<{ report: Awaited<ReturnType<typeof ingestBatchFiles>>, kept: string[] }> {
  const cwd = tempDir()
  const batchDir = join(cwd, '.execscope', 'batches')
  mkdirSync(batchDir, { recursive: true })
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(batchDir, name), bytes)
  const report = await ingestBatchFiles({ traceFile: join(cwd, '.execscope', 'trace.duckdb'), batchDir, sitesFile: join(cwd, '.execscope', 'sites.json'), sitesDir: join(cwd, '.execscope', 'sites'), cwd })
  return { report, kept: Object.keys(files).filter(name => existsSync(join(batchDir, name))) }
}

describe('ingestBatchFiles', () => {
  it('stores the whole batches of a file a killed process cut short, and leaves out the cut batch', async () => {
    const second = batch(2)
    const { report, kept } = await ingest({ 'a-1.batches': concat(batch(0), second.subarray(0, 30)) })
    expect(report).toMatchObject({ files: 1, batches: 1, records: 2, truncatedBytes: 30, rejected: [] })
    expect(kept).toEqual([])
  })

  it('rejects and keeps a file whose bytes are not batches, instead of counting them as cut short', async () => {
    const junk = new TextEncoder().encode('this is not a batch file at all, just some text that landed here\n')
    const { report, kept } = await ingest({ 'junk.batches': junk, 'b-2.batches': concat(batch(0), junk) })
    expect(report.truncatedBytes).toBe(0)
    expect(report.batches).toBe(1)
    expect(report.rejected).toEqual([
      `.execscope/batches/b-2.batches at byte ${batch(0).byteLength}: ${junk.byteLength} bytes that are not an execscope batch (no batch header there); is this a batch file the Node runtime wrote?`,
      `.execscope/batches/junk.batches at byte 0: ${junk.byteLength} bytes that are not an execscope batch (no batch header there); is this a batch file the Node runtime wrote?`,
    ])
    expect(kept.sort()).toEqual(['b-2.batches', 'junk.batches'])
  })
})

describe('ingestBatchFiles on a missing directory', () => {
  it('names the directory as given when it lies outside the working directory', async () => {
    const cwd = tempDir()
    const elsewhere = join(tempDir(), 'batches')
    await expect(ingestBatchFiles({ traceFile: join(cwd, 't.duckdb'), batchDir: elsewhere, sitesFile: join(cwd, 'sites.json'), sitesDir: join(cwd, 'sites'), cwd }))
      .rejects.toThrow(`There is no batch directory ${elsewhere}. Run the built app first`)
    await expect(ingestBatchFiles({ traceFile: join(cwd, 't.duckdb'), batchDir: join(cwd, 'out', 'batches'), sitesFile: join(cwd, 'sites.json'), sitesDir: join(cwd, 'sites'), cwd }))
      .rejects.toThrow('There is no batch directory out/batches. Run the built app first')
  })
})
