import { spawn } from 'node:child_process'
import { join } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../test/helpers.ts'
import { createStore } from './index.ts'

const testDir = fileURLToPath(new URL('../test/', import.meta.url))

describe('a collector killed with SIGKILL while it ingests', () => {
  it('leaves a file that opens, with every committed batch whole and at most the one in flight lost', async () => {
    const { dir, dispose } = tempDir()
    const file = join(dir, 'trace.duckdb')
    try {
      const child = spawn(process.execPath, ['--import', join(testDir, 'ts-loader.mjs'), join(testDir, 'crash-child.mjs'), file], { cwd: testDir, stdio: ['ignore', 'pipe', 'pipe'] })
      let committed = 0
      let stderr = ''
      child.stderr!.on('data', (data: Buffer) => (stderr += data.toString()))
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (data: Buffer) => {
          for (const line of data.toString().split('\n')) {
            const match = /^committed (\d+)$/.exec(line)
            if (match) committed = Number(match[1])
          }
          if (committed >= 40 && child.exitCode === null) {
            child.kill('SIGKILL')
            resolve()
          }
        })
        child.once('exit', code => reject(new Error(`child exited early (${code}): ${stderr}`)))
      })
      await new Promise(resolve => child.once('exit', resolve))
      const reported = committed
      const store = await createStore({ file, readOnly: true })
      try {
        const [counts] = await store.query(`SELECT (SELECT count(*) FROM batches) AS batches, (SELECT count(*) FROM calls) AS calls,
          (SELECT count(*) FROM calls WHERE status <> 'return') AS broken, (SELECT count(*) FROM batches WHERE gap <> 0) AS gaps`) as [Record<string, number>]
        // Every batch the child saw committed is there; at most the one it was writing is too (committed, not yet reported).
        expect(counts.batches).toBeGreaterThanOrEqual(reported)
        expect(counts.batches).toBeLessThanOrEqual(reported + 1)
        expect(counts.gaps).toBe(0)
        // Each batch holds 20 complete calls: no batch is stored in part.
        expect(counts.calls).toBe(counts.batches * 20)
        expect(counts.broken).toBe(0)
      }
      finally {
        await store.close()
      }
      // The file also opens for writing again and takes the next batch.
      const reopened = await createStore({ file })
      await reopened.close()
    }
    finally {
      dispose()
    }
  }, 60_000)
})
