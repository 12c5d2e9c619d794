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
const PROBES = fileURLToPath(new URL('../packages/runtime/dist/probes-node.js', import.meta.url))

// A program that goes idle between turns of its event loop, as servers, queues and tests do.
// `step` (site 21) is called often enough to be past its timed calls, so its calls are untimed;
// each call also makes the first call of a new site (timed, like every site's first calls). A
// timer fires 300 ms after the last step: the step it runs is untimed, and without a time of its
// own for the turn it would take the time of the last timed record, from before the idle 300 ms,
// and seem to last through them.
const PROGRAM = `
import { install } from ${JSON.stringify(RUNTIME)}
import { installProbes } from ${JSON.stringify(PROBES)}
const rt = install({ endpoint: process.argv[2], ringCapacity: 65536, flushIntervalMs: Number(process.argv[3]), timedCallsPerSite: 4, sampleEvery: 1024, hotCalls: process.argv[4] })
if (process.argv[5] === 'probes') installProbes(rt.recorder.ring)
let next = 1000
function fresh() { const site = next++; const t = rt.e(site); rt.r(site, t) }
function step() { const t = rt.e(21); try { fresh() } finally { rt.r(21, t) } }
for (let i = 0; i < 100; i++) step()
setTimeout(() => {
  const started = performance.now()
  step()
  console.log(performance.now() - started < 50 ? 'quick' : 'slow')
}, 300)
`

/** Runs the program against a collector and returns the durations of its `step` calls. */
async function stepsOf(dir: string, args: string[]): Promise<{ stdout: string, steps: Array<{ dur_ms: number, timing: string }> }> {
  const store = await createStore({ file: join(dir, `trace-${args.join('-')}.duckdb`) })
  const middleware = collectorMiddleware({ store: () => Promise.resolve(store) })
  const server = createServer((req, res) => middleware(req, res, () => {
    res.statusCode = 404
    res.end()
  }))
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  try {
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/__execscope`
    const { stdout } = await run(process.execPath, [join(dir, 'program.mjs'), endpoint, ...args], { timeout: 30_000 })
    await new Promise(resolve => server.close(resolve))
    const steps = await store.query('SELECT dur / 1e6 AS dur_ms, timing FROM calls WHERE site_id = 21 ORDER BY call_id') as Array<{ dur_ms: number, timing: string }>
    return { stdout, steps }
  }
  finally {
    server.close()
    await store.close()
  }
}

describe('a turn of the event loop after idle time', () => {
  let dir: string

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'execscope-turns-'))
    writeFileSync(join(dir, 'program.mjs'), PROGRAM)
  })

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  function expectQuickLastStep({ stdout, steps }: Awaited<ReturnType<typeof stepsOf>>, timing: string): void {
    expect(stdout).toBe('quick\n')
    expect(steps).toHaveLength(101)
    const last = steps.at(-1)!
    // Well under the 300 ms the program idled before it.
    expect(last.timing).toBe(timing)
    expect(last.dur_ms).toBeLessThan(50)
  }

  it('starts at its own time when a probed callback starts it (its LinkIn is timed), with no flush during the idle time', async () => {
    // The step itself is untimed (estimated), yet placed within its turn.
    for (const hotCalls of ['record', 'count']) expectQuickLastStep(await stepsOf(dir, ['60000', hotCalls, 'probes']), 'estimated')
  })

  it('starts at its own time when nothing probes it (an I/O callback): a flush during the idle time times the next call of every site', async () => {
    // The flush made it a timed call: measured.
    for (const hotCalls of ['record', 'count']) expectQuickLastStep(await stepsOf(dir, ['50', hotCalls, 'none']), 'measured')
  })
})
