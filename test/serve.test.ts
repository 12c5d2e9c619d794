import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { buildNodeApp, CLI, queryTrace, run } from '#test-utils'
import { afterAll, describe, expect, it } from 'vitest'

/** Starts `execscope serve` on a free port; resolves with the URL it prints. */
async function serve(cwd: string, args: string[] = []): Promise<{ child: ChildProcess, url: string, output: () => string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk))
  for (const deadline = Date.now() + 30_000; !/Collector at (\S+),/.test(output);) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`execscope serve did not start:\n${output}`)
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  return { child, url: /Collector at (\S+),/.exec(output)![1]!, output: () => output }
}

// Production-like: a built Node app sends to a standalone collector named by EXECSCOPE_ENDPOINT.
describe('execscope serve', () => {
  let child: ChildProcess | undefined
  afterAll(() => {
    child?.kill('SIGKILL')
  })

  it('records Node programs that name it in EXECSCOPE_ENDPOINT, answers queries while it runs, and closes the file on SIGTERM', async () => {
    const { dir, entry } = await buildNodeApp('esbuild', 'node-app-serve')
    const collector = await serve(dir)
    child = collector.child
    for (let i = 0; i < 2; i++) {
      const { stdout } = await run(process.execPath, [entry], { cwd: dir, env: { ...process.env, EXECSCOPE_ENDPOINT: collector.url } })
      expect(stdout).toContain('"total":11')
    }
    // The file is held by the collector; the query goes through it.
    const { stdout: live } = await run(process.execPath, [CLI, 'sql', '.execscope/trace.duckdb', `select count(distinct session_id) as sessions, count(*) filter (where name = 'Cart.add') as adds from calls_named`], { cwd: dir })
    expect(live).toBe('sessions\tadds\n2\t6\n')

    collector.child.kill('SIGTERM')
    const [code] = await once(collector.child, 'exit')
    expect(code).toBe(0)
    expect(collector.output()).toMatch(/Stopped; \.execscope\/trace\.duckdb is closed\./)
    // Closed: any DuckDB client opens it, with the build's site names.
    const rows = await queryTrace(join(dir, '.execscope', 'trace.duckdb'), `
      select s.name, count(*) as calls from calls c join sites s using (site_id) where s.name in ('Cart.checkout', 'parseQuantity') group by all order by 1`)
    expect(rows).toEqual([{ name: 'Cart.checkout', calls: 2 }, { name: 'parseQuantity', calls: 6 }])
    const [stats] = await queryTrace(join(dir, '.execscope', 'trace.duckdb'), 'select count(*) as reports from runtime_stats')
    expect(stats).toEqual({ reports: 2 })
  }, 120_000)

  it('names the functions of a build whose sites.json is not beside the trace file when given --sites, and says what to do when it is not given', async () => {
    const { dir, entry } = await buildNodeApp('esbuild', 'node-app-serve-sites')
    const summaryOf = async (trace: string): Promise<string> => (await run(process.execPath, [CLI, 'summary', trace], { cwd: dir })).stdout
    for (const [trace, args] of [['unnamed/t.duckdb', []], ['named/t.duckdb', ['--sites', '.execscope/sites.json']]] as const) {
      const collector = await serve(dir, ['--trace', trace, ...args])
      await run(process.execPath, [entry], { cwd: dir, env: { ...process.env, EXECSCOPE_ENDPOINT: collector.url } })
      collector.child.kill('SIGTERM')
      await once(collector.child, 'exit')
    }
    const unnamed = await summaryOf('unnamed/t.duckdb')
    expect(unnamed).toMatch(/^ {4}site#\d+ /m)
    expect(unnamed).toContain('give it to `execscope serve --sites <path>` or `execscope ingest --sites <path>`')
    const named = await summaryOf('named/t.duckdb')
    expect(named).toMatch(/^ {4}Cart\.add +src\//m)
    expect(named).not.toContain('site#')
    const bad = await run(process.execPath, [CLI, 'serve', '--port', '0', '--sites', 'dist/sites.json'], { cwd: dir }).then(() => undefined, (error: { code: number, stderr: string }) => error)
    expect(bad?.code).toBe(1)
    expect(bad?.stderr).toContain('--sites: there is no file or directory dist/sites.json. Give the sites.json a build left in its .execscope/ directory')
  }, 120_000)
})
