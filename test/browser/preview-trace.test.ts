import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { copyPlayground, launchChromium, queryTrace, waitForCount } from '#test-utils'
import execscope from 'execscope/vite'
import type { ExecscopeOptions } from 'execscope'
import type { PreviewServer } from 'vite'
import { build, preview } from 'vite'
import { describe, expect, it } from 'vitest'
// The same user session the demo drives.
import { driveApp } from '../../playground/browser-app/drive.mjs'

/** `vite build` of the app at `root` with `execscope(options)` as its only plugin, then `vite preview` of it. */
async function buildAndPreview(root: string, options: ExecscopeOptions): Promise<PreviewServer> {
  const config = { root, configFile: false as const, logLevel: 'error' as const, plugins: [execscope(options)] }
  await build(config)
  return preview({ ...config, preview: { host: '127.0.0.1', port: 0 } })
}

// A production build served by `vite preview`: the built runtime posts to /__execscope on the same
// origin, the preview server's collector records, and the names come from the build's sites.json.
describe('vite build + vite preview + chromium → DuckDB', () => {
  it('records the built app, with the function names and TypeScript lines the build wrote', async () => {
    const app = copyPlayground('browser-app')
    const browser = await launchChromium()
    try {
      const configFile = join(app.dir, 'vite.config.ts')
      await build({ root: app.dir, configFile, logLevel: 'error' })
      const server = await preview({ root: app.dir, configFile, logLevel: 'error', preview: { host: '127.0.0.1', port: 0 } })
      const page = await browser.newPage()
      const errors: string[] = []
      page.on('pageerror', error => errors.push(error.message))
      const url = server.resolvedUrls!.local[0]!
      const seen = await driveApp(page, url)
      // The built worker ships on its own timer, which the page's flush() does not wait for.
      await waitForCount(url, 'select count(*) from calls c join sites s using (site_id) where s.name = \'countWords\'', 20)
      await page.close()
      await server.close()
      expect(errors).toEqual([])
      expect(seen.saved).toBe('Saved 3')
      const rows = await queryTrace(join(app.dir, '.execscope', 'trace.duckdb'), `
        select s.name, s.file, count(*) as calls from calls c join sites s using (site_id)
        where s.name in ('TodoStore.add', 'parseTitle', 'fetchSeed') group by all order by s.name`)
      expect(rows).toEqual([
        { name: 'TodoStore.add', file: 'src/todo-store.ts', calls: expect.any(Number) },
        { name: 'fetchSeed', file: 'src/api.ts', calls: 1 },
        { name: 'parseTitle', file: 'src/todo.ts', calls: expect.any(Number) },
      ])
      expect(await queryTrace(join(app.dir, '.execscope', 'trace.duckdb'), `select count(*) as throws from calls where status = 'throw'`)).toEqual([{ throws: 2 }])
      // Vite bundles the worker on its own, and execscope joins that bundle too. A build has no probes
      // by default, so the worker records as a session of its own.
      expect(await queryTrace(join(app.dir, '.execscope', 'trace.duckdb'), `
        select s.file, count(*) as calls, count(distinct c.utid) as threads from calls c join sites s using (site_id)
        where s.name = 'countWords' group by all`)).toEqual([{ file: 'src/word-count.ts', calls: 20, threads: 1 }])
    }
    finally {
      await browser.close()
      app.cleanup()
    }
  }, 120_000)

  it('records only the page loads the draw keeps in a build with `sample`', async () => {
    const app = copyPlayground('browser-app')
    const browser = await launchChromium()
    try {
      const server = await buildAndPreview(app.dir, { sample: 0.5 })
      const url = server.resolvedUrls!.local[0]!
      /** Drives one page load whose draw (Math.random, before any script of the page) is `value`. */
      const load = async (value: number): Promise<void> => {
        const page = await browser.newPage()
        await page.addInitScript(`Math.random = () => ${value}`)
        const errors: string[] = []
        page.on('pageerror', error => errors.push(error.message))
        expect((await driveApp(page, url)).saved).toBe('Saved 3')
        await page.close()
        expect(errors).toEqual([])
      }
      await load(0.75)
      await load(0.25)
      await waitForCount(url, `select count(*) from calls c join sites s using (site_id) where s.name = 'TodoStore.add'`, 3)
      await server.close()
      // One of the two page loads recorded. (Their Web Workers draw for themselves: init scripts do not run in workers.)
      expect(await queryTrace(join(app.dir, '.execscope', 'trace.duckdb'), `
        select count(distinct t.session_id) as sessions from calls c join sites s using (site_id) join threads t using (utid)
        where s.name in ('TodoStore.add', 'parseTitle', 'fetchSeed')`)).toEqual([{ sessions: 1 }])
    }
    finally {
      await browser.close()
      app.cleanup()
    }
  }, 120_000)

  it('counts the calls of every function, recording none, in a build with `record: \'count\'`', async () => {
    const app = copyPlayground('browser-app')
    const browser = await launchChromium()
    try {
      const server = await buildAndPreview(app.dir, { record: 'count' })
      const url = server.resolvedUrls!.local[0]!
      const page = await browser.newPage()
      const errors: string[] = []
      page.on('pageerror', error => errors.push(error.message))
      expect((await driveApp(page, url)).saved).toBe('Saved 3')
      // The Web Worker counts too, on a runtime of its own.
      await waitForCount(url, `select coalesce(sum(c.calls), 0) from counted_calls c join sites s using (site_id) where s.name = 'countWords'`, 20)
      await page.close()
      await server.close()
      expect(errors).toEqual([])
      const file = join(app.dir, '.execscope', 'trace.duckdb')
      expect(await queryTrace(file, 'select count(*) as calls from calls')).toEqual([{ calls: 0 }])
      expect(await queryTrace(file, `
        select s.name, sum(c.calls) as calls from counted_calls c join sites s using (site_id)
        where s.name in ('fetchSeed', 'countWords') group by all order by s.name`)).toEqual([{ name: 'countWords', calls: 20 }, { name: 'fetchSeed', calls: 1 }])
    }
    finally {
      await browser.close()
      app.cleanup()
    }
  }, 120_000)

  it('leaves the trace file to the collector a build with `endpoint` sends to', async () => {
    const app = copyPlayground('browser-app')
    try {
      const server = await buildAndPreview(app.dir, { endpoint: 'http://127.0.0.1:9/__execscope' })
      try {
        // No collector of its own, so no trace file open: `execscope serve` can have it while the
        // preview runs. (A collector opens its file within a few hundred milliseconds of starting.)
        await new Promise(resolve => setTimeout(resolve, 1500))
        expect(existsSync(join(app.dir, '.execscope', 'trace.duckdb'))).toBe(false)
      }
      finally {
        await server.close()
      }
    }
    finally {
      app.cleanup()
    }
  }, 120_000)
})
