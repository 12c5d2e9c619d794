import type { AddressInfo } from 'node:net'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { collectorMiddleware } from '@execscope/server'
import { createStore } from '@execscope/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const RUNTIME = fileURLToPath(new URL('../packages/runtime/dist/node.js', import.meta.url))

// A small Node program calling the runtime the way instrumented code does: fib(10) recursively,
// then one function that throws and is caught.
const PROGRAM = `
import { install } from ${JSON.stringify(RUNTIME)}
const rt = install({ endpoint: process.argv[2], ringCapacity: 65536, flushIntervalMs: 50, timedCallsPerSite: 64, sampleEvery: 64 })
function fib(n) { const t = rt.e(11); try { return n < 2 ? n : fib(n - 1) + fib(n - 2) } catch (e) { rt.x(11, t, e); throw e } finally { rt.r(11, t) } }
function fails() { const t = rt.e(12); try { throw new Error('no') } catch (e) { rt.x(12, t, e); throw e } finally { rt.r(12, t) } }
console.log(fib(10))
try { fails() } catch { console.log('caught') }
`

describe('the Node runtime → the collector → DuckDB', () => {
  let dir: string
  let file: string
  let stdout: string
  let rows: { calls: number, throws: number, fibs: number, countedFibs: number, orphanFibs: number, roots: number, reported: number, cost: number | null }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'execscope-node-'))
    file = join(dir, 'trace.duckdb')
    writeFileSync(join(dir, 'program.mjs'), PROGRAM)
    const store = await createStore({ file })
    const middleware = collectorMiddleware({ store: () => Promise.resolve(store) })
    const server = createServer((req, res) => middleware(req, res, () => {
      res.statusCode = 404
      res.end()
    }))
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/__execscope`
    stdout = (await run(process.execPath, [join(dir, 'program.mjs'), endpoint], { timeout: 30_000 })).stdout
    await new Promise(resolve => server.close(resolve))
    const [row] = await store.query(`SELECT
      (SELECT count(*) FROM calls) AS calls,
      (SELECT count(*) FROM calls WHERE status = 'throw') AS throws,
      (SELECT count(*) FROM calls WHERE site_id = 11) AS fibs,
      (SELECT coalesce(sum(calls), 0) FROM counted_calls WHERE site_id = 11) AS countedFibs,
      (SELECT count(*) FROM calls c JOIN calls p ON p.call_id = c.parent_id WHERE c.site_id = 11 AND p.site_id <> 11) AS orphanFibs,
      (SELECT count(*) FROM calls WHERE parent_id IS NULL) AS roots,
      (SELECT count(*) FROM runtime_cost) AS reported`)
    const summary = await store.summary()
    rows = { ...(row as Omit<typeof rows, 'cost'>), cost: summary.recordingCost }
    await store.close()
  })

  afterAll(() => {
    if (dir && !process.env.EXECSCOPE_KEEP_TMP) rmSync(dir, { recursive: true, force: true })
  })

  it('leaves the program\'s output alone', () => {
    expect(stdout).toBe('55\ncaught\n')
  })

  it('ships every call before the process exits, with its tree', () => {
    // fib(10) makes 177 calls; one of them is the root, plus the root call of fails(). fib is hot
    // and short: past its first timed calls the runtime counts it (and what it calls) between
    // samples, so recorded plus counted calls make the 177, and every recorded one but the root
    // sits under a recorded fib.
    expect(rows.fibs + Number(rows.countedFibs)).toBe(177)
    expect(rows.fibs).toBeGreaterThanOrEqual(64)
    expect(rows).toMatchObject({ calls: rows.fibs + 1, throws: 1, roots: 2 })
    expect(Number(rows.orphanFibs)).toBe(0)
  })

  it('reports the recording cost of the run', () => {
    expect(rows.reported).toBe(1)
    expect(rows.cost).toBeGreaterThanOrEqual(0)
  })
})
