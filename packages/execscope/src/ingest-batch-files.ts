import type { Store } from '@execscope/store'
import { readdirSync, readFileSync, unlinkSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'
import { BatchFormatError, ExecscopeError } from '@execscope/core'
import { BATCH_MAGIC } from '@execscope/core/codec'
import { splitBatches } from '@execscope/runtime/node'
import { BatchSequenceError, createStore, decodeBatch } from '@execscope/store'
import { readSiteManifests } from './sites-file.ts'

export interface IngestFilesOptions {
  /** The trace file to store into (created if missing). */
  traceFile: string
  /** Directory of `*.batches` files, as the Node runtime of a build writes them. */
  batchDir: string
  /** The build's site manifest (`sites.json`); a missing file means no names. */
  sitesFile: string
  /** Per-module manifests written by `--import execscope/register`. */
  sitesDir: string
  /** Keep the batch files after storing them. @default false */
  keep?: boolean
  /** For messages: paths are shown relative to this. */
  cwd: string
}

export interface IngestFilesReport {
  files: number
  batches: number
  records: number
  /** Batches the trace already had (a file ingested twice): skipped. */
  duplicates: number
  /** Batches that failed their checks, each named with its file and byte offset; their files are kept. */
  rejected: string[]
  /** Bytes at the end of files cut short by a killed process. */
  truncatedBytes: number
  /** Modules whose site manifests were stored. */
  modules: number
  /** Runtime reports (`*.stats.json`, one per thread) stored: what recording cost. */
  statsReports: number
}

function listBatchFiles(dir: string, shown: string): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  }
  catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new ExecscopeError('ES_TRACE_FILE', `There is no batch directory ${shown}. Run the built app first: without a collector, its Node runtime writes *.batches files there (or set EXECSCOPE_BATCH_DIR when it runs).`)
    throw error
  }
  return names.filter(name => name.endsWith('.batches')).sort().map(name => join(dir, name))
}

/** The batch magic as it starts every batch (little-endian). */
const MAGIC_BYTES = new Uint8Array(4)
new DataView(MAGIC_BYTES.buffer).setUint32(0, BATCH_MAGIC, true)

/**
 * Whether the bytes after a file's last whole batch can be the start of a batch that a killed
 * process cut short: they begin with the batch magic (or with as much of it as they hold).
 * Anything else is not a batch at all (a foreign or damaged file), which must not be dropped.
 */
function isCutShortBatch(tail: Uint8Array): boolean {
  const n = Math.min(tail.byteLength, MAGIC_BYTES.byteLength)
  for (let i = 0; i < n; i++) if (tail[i] !== MAGIC_BYTES[i]) return false
  return true
}

/** The runtime reports the Node runtime leaves beside its batch files when a thread ends. */
function listStatsFiles(dir: string): string[] {
  return readdirSync(dir).filter(name => name.endsWith('.stats.json')).sort().map(name => join(dir, name))
}

/**
 * Stores the batch files a build's Node runtime wrote (and the build's site manifest) into a
 * trace file, then deletes the files it stored completely. A batch the trace already holds is
 * skipped, so running it twice stores nothing twice; a damaged batch is reported and its file kept.
 */
export async function ingestBatchFiles(options: IngestFilesOptions): Promise<IngestFilesReport> {
  // Relative to the working directory when inside it; a path elsewhere is shown as it is.
  const show = (path: string): string => {
    const rel = relative(options.cwd, path)
    return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel
  }
  const files = listBatchFiles(options.batchDir, show(options.batchDir))
  const sites = readSiteManifests(options.sitesFile, options.sitesDir)
  const store: Store = await createStore({ file: options.traceFile })
  const report: IngestFilesReport = { files: files.length, batches: 0, records: 0, duplicates: 0, rejected: [], truncatedBytes: 0, modules: 0, statsReports: 0 }
  try {
    for (const { moduleHash, sites: rows } of sites.modules) {
      await store.upsertSites(rows, moduleHash)
      report.modules++
    }
    for (const path of sites.damaged) report.rejected.push(`${show(path)}: not a site manifest`)
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(file))
      const batches = splitBatches(bytes)
      const stored = batches.reduce((n, batch) => n + batch.byteLength, 0)
      let isComplete = true
      if (stored < bytes.byteLength && !isCutShortBatch(bytes.subarray(stored))) {
        isComplete = false
        report.rejected.push(`${show(file)} at byte ${stored}: ${bytes.byteLength - stored} bytes that are not an execscope batch (no batch header there); is this a batch file the Node runtime wrote?`)
      }
      else {
        report.truncatedBytes += bytes.byteLength - stored
      }
      let offset = 0
      // Queued together: the store writes them in order, one transaction each.
      const results = batches.map((bytes) => {
        const at = offset
        offset += bytes.byteLength
        try {
          const batch = decodeBatch(bytes)
          return store.ingest(batch).then(() => {
            report.batches++
            report.records += batch.recordCount
          }, (error: unknown) => {
            if (error instanceof BatchSequenceError) report.duplicates++
            else throw error
          })
        }
        catch (error) {
          if (!(error instanceof BatchFormatError)) throw error
          isComplete = false
          report.rejected.push(`${show(file)} at byte ${at}: ${error.message}`)
          return Promise.resolve()
        }
      })
      await Promise.all(results)
      if (isComplete && !options.keep) unlinkSync(file)
    }
    for (const file of listStatsFiles(options.batchDir)) {
      try {
        await store.recordRuntimeStats(JSON.parse(readFileSync(file, 'utf8')))
        report.statsReports++
        if (!options.keep) unlinkSync(file)
      }
      catch (error) {
        report.rejected.push(`${show(file)}: ${(error as Error).message.replace(/^\[execscope\] /, '')}`)
      }
    }
  }
  finally {
    await store.close()
  }
  return report
}
