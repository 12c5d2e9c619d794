import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect } from 'vitest'
import { queryTrace } from './duckdb.ts'

export const run = promisify(execFile)
const FIXTURE = fileURLToPath(new URL('../fixtures/node-app', import.meta.url))
// Under test/, so the builds resolve the bundlers and execscope from test/node_modules.
const WORK = fileURLToPath(new URL('../.tmp', import.meta.url))
/** The execscope command line, from its package. */
export const CLI: string = fileURLToPath(new URL('../../packages/execscope/bin/execscope.mjs', import.meta.url))

/**
 * Copies test/fixtures/node-app (a small shop cart: classes, a caught throw, async checkout) into
 * a fresh directory and builds it for Node with one bundler and execscope plugged in (see its
 * build.mjs). Returns the directory and the built entry, relative to it.
 */
export async function buildNodeApp(bundler: string, name = `node-app-${bundler}`, env: Record<string, string> = {}): Promise<{ dir: string, entry: string }> {
  const dir = join(WORK, name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  cpSync(FIXTURE, dir, { recursive: true })
  await run(process.execPath, ['build.mjs', bundler], { cwd: dir, timeout: 120_000, env: { ...process.env, ...env } })
  return { dir, entry: join('out', readdirSync(join(dir, 'out')).find(file => file.startsWith('main.'))!) }
}

/**
 * Checks a trace of one run of the node-app fixture, however it was built or loaded: every
 * function with its TypeScript-free source place, call and throw counts and async segments, the
 * caught throw with its callers, one session, nothing dropped.
 */
export async function expectNodeAppTrace(file: string): Promise<void> {
  const functions = await queryTrace(file, `
    select s.name, s.file, s.line, count(*) as calls, count(*) filter (where c.status = 'throw') as throws, max(c.segments) as segments
    from calls c join sites s using (site_id) group by all order by s.file, s.line, min(s.col)`)
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
  // Node's clock steps in well under a microsecond.
  const [clock] = await queryTrace(file, 'select clock_resolution_ns as ns from thread_clocks')
  expect(clock!.ns).toBeGreaterThan(0)
  expect(clock!.ns).toBeLessThan(10_000)
}

/**
 * The environment for a test runner this suite starts (Vitest, Jest): without this run's own
 * Vitest variables, loader options and colours, so the child behaves as it would from a shell.
 */
export function childRunnerEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && !['NODE_OPTIONS', 'TEST', 'FORCE_COLOR'].includes(key)))
  return { ...env, NO_COLOR: '1' }
}
