import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { buildNodeApp, CLI, queryTrace, run } from '#test-utils'
import { describe, expect, it } from 'vitest'

/** Builds the fixture app with one bundler, runs it, stores its batch files with `execscope ingest`. */
async function buildRunIngest(bundler: string): Promise<{ dir: string, raw: string, instrumented: string, ingest: string }> {
  const { dir, entry } = await buildNodeApp(bundler)
  const raw = (await run(process.execPath, ['src/main.js'], { cwd: dir })).stdout
  const instrumented = (await run(process.execPath, [entry], { cwd: dir })).stdout
  const ingest = (await run(process.execPath, [CLI, 'ingest'], { cwd: dir })).stdout
  return { dir, raw, instrumented, ingest }
}

// Rollup is told `runtime: 'node'`; the others find out from their own target settings.
describe.each(['esbuild', 'rollup', 'vite-ssr', 'webpack', 'rspack'])('a Node app built with %s', (bundler) => {
  it('runs as before, and `execscope ingest` stores its calls with names, places, throws and async segments', async () => {
    const { dir, raw, instrumented, ingest } = await buildRunIngest(bundler)
    expect(instrumented).toBe(raw)
    expect(ingest).toMatch(/^Stored 1 batches \(\d+ records\) from 1 files into \.execscope\/trace\.duckdb; sites of 2 modules\.$/m)
    // Stored batch files are removed, so a second ingest stores nothing twice.
    expect(readdirSync(join(dir, '.execscope', 'batches'))).toEqual([])
    const file = join(dir, '.execscope', 'trace.duckdb')
    expect(existsSync(file)).toBe(true)

    const functions = await queryTrace(file, `
      select s.name, s.file, s.line, count(*) as calls, count(*) filter (where c.status = 'throw') as throws, max(c.segments) as segments
      from calls c join sites s using (site_id) group by all order by s.file, s.line`)
    expect(functions).toEqual([
      { name: 'parseQuantity', file: 'src/cart.js', line: 6, calls: 3, throws: 1, segments: 1 },
      { name: 'delay', file: 'src/cart.js', line: 12, calls: 1, throws: 0, segments: 1 },
      { name: 'delay.<arrow@12:33>', file: 'src/cart.js', line: 12, calls: 1, throws: 0, segments: 1 },
      { name: 'Cart.lines', file: 'src/cart.js', line: 15, calls: 1, throws: 0, segments: 1 },
      { name: 'Cart.add', file: 'src/cart.js', line: 17, calls: 3, throws: 1, segments: 1 },
      { name: 'Cart.total', file: 'src/cart.js', line: 22, calls: 2, throws: 0, segments: 1 },
      { name: 'Cart.total.<arrow@23:30>', file: 'src/cart.js', line: 23, calls: 4, throws: 0, segments: 1 },
      { name: 'Cart.checkout', file: 'src/cart.js', line: 26, calls: 1, throws: 0, segments: 3 },
      { name: 'fill', file: 'src/main.js', line: 3, calls: 1, throws: 0, segments: 1 },
      { name: 'main', file: 'src/main.js', line: 15, calls: 1, throws: 0, segments: 2 },
      { name: 'main.<arrow@18:36>', file: 'src/main.js', line: 18, calls: 1, throws: 0, segments: 1 },
    ])

    // The throw, with its callers: parseQuantity ← Cart.add ← fill (which caught it) ← main.
    const chain = await queryTrace(file, `
      select s.name, c.status from calls c join sites s using (site_id)
      where c.call_id in (select call_id from call_stack((select call_id from calls c join sites s using (site_id) where s.name = 'parseQuantity' and c.status = 'throw')))
      order by c.depth`)
    expect(chain).toEqual([
      { name: 'main', status: 'return' },
      { name: 'fill', status: 'return' },
      { name: 'Cart.add', status: 'throw' },
      { name: 'parseQuantity', status: 'throw' },
    ])
    const [totals] = await queryTrace(file, `select (select count(*) from sessions) as sessions, (select coalesce(sum(count), 0) from drops) as dropped`)
    expect(totals).toEqual({ sessions: 1, dropped: 0 })
  }, 180_000)
})
