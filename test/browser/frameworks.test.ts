import type { Browser, Page } from 'playwright-core'
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchChromium, queryTrace } from '#test-utils'
import { createServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url))
const TEST_MODULES = fileURLToPath(new URL('../node_modules', import.meta.url))

interface Run { dir: string, trace: string, shown: string, errors: string[] }

/**
 * Copies a fixture into a temp directory (with the test package's node_modules, where the
 * frameworks and their Vite plugins are), serves it with `vite dev` and execscope, opens it in
 * Chromium, lets `act` use the page and say what it showed, and ships what the page recorded.
 */
async function inChromium(browser: Browser, name: string, act: (page: Page) => Promise<string>): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), `execscope-${name}-`))
  cpSync(join(FIXTURES, name), dir, { recursive: true })
  symlinkSync(TEST_MODULES, join(dir, 'node_modules'), 'dir')
  const server = await createServer({ root: dir, configFile: join(dir, 'vite.config.ts'), logLevel: 'error', server: { host: '127.0.0.1', port: 0 } })
  await server.listen()
  const page = await browser.newPage()
  const errors: string[] = []
  page.on('pageerror', error => errors.push(error.message))
  try {
    await page.goto(server.resolvedUrls!.local[0]!)
    const shown = await act(page)
    await page.evaluate(() => (globalThis as { __execscope?: { flush: () => Promise<void> } }).__execscope?.flush())
    return { dir, trace: join(dir, '.execscope/trace.duckdb'), shown, errors }
  }
  finally {
    await page.close()
    await server.close()
  }
}

/** Clicks the fixture's `#bump` twice; what the button then says. */
function clickTwice(browser: Browser, name: string): Promise<Run> {
  return inChromium(browser, name, async (page) => {
    await page.click('#bump')
    await page.click('#bump')
    await page.waitForFunction(() => document.querySelector('#double')?.textContent === '4')
    return (await page.textContent('#bump'))!
  })
}

/** Clicks the fixture's `#run` once; what `#out` then says. */
function clickRun(browser: Browser, name: string): Promise<Run> {
  return inChromium(browser, name, async (page) => {
    await page.click('#run')
    await page.waitForFunction(() => document.querySelector('#out')?.textContent !== '', undefined, { timeout: 30_000 })
    return (await page.textContent('#out'))!
  })
}

/** Sites whose line lies past the end of their file: code a plugin wrote, shown as the user's. */
async function sitesPastTheEnd(dir: string, trace: string): Promise<string[]> {
  const sites = await queryTrace(trace, `select name, file, line from sites where kind <> 'state'`) as Array<{ name: string, file: string, line: number }>
  return sites.filter(site => site.line > readFileSync(join(dir, site.file), 'utf8').split('\n').length).map(site => `${site.name} ${site.file}:${site.line}`)
}

describe('framework plugins before execscope, and a hot loop, under vite dev + chromium', () => {
  let browser: Browser
  const dirs: string[] = []
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('Vue: records the <script setup> of a single-file component, with its lines in the .vue file', async () => {
    const run = await clickTwice(browser, 'vue-app')
    dirs.push(run.dir)
    expect(run.errors).toEqual([])
    expect(run.shown).toBe('2 clicks')
    const line = (needle: string): number => readFileSync(join(run.dir, 'src/Tally.vue'), 'utf8').split('\n').findIndex(text => text.includes(needle)) + 1
    expect(await queryTrace(run.trace, `
      select s.name, s.file, s.line, count(*) as calls from calls c join sites s using (site_id)
      where s.name in ('Counter.bump', 'onBump') group by all order by s.name`)).toEqual([
      { name: 'Counter.bump', file: 'src/Tally.vue', line: line('bump(by: number)'), calls: 2 },
      { name: 'onBump', file: 'src/Tally.vue', line: line('function onBump'), calls: 2 },
    ])
    // The assignment in the class's method is state, with both values.
    expect(await queryTrace(run.trace, `select key, old_preview, new_preview from state_changes where target = 'Counter#1' order by ts`)).toEqual([
      { key: 'total', old_preview: '0', new_preview: '1' },
      { key: 'total', old_preview: '1', new_preview: '2' },
    ])
    expect(await sitesPastTheEnd(run.dir, run.trace)).toEqual([])
  }, 60_000)

  it('counts the calls of a hot, short function in the page, and drops nothing', async () => {
    const run = await clickRun(browser, 'hot-page')
    dirs.push(run.dir)
    expect(run.errors).toEqual([])
    let acc = 0
    for (let i = 0; i < 2_000_000; i++) acc = (acc + i * 7) % 1000003
    expect(run.shown).toBe(String(acc))
    // Every call of step is either recorded (its first, timed calls and its samples) or counted.
    const [{ recorded, counted }] = await queryTrace(run.trace, `
      select (select count(*) from calls c join sites s using (site_id) where s.name = 'step') as recorded,
             (select coalesce(sum(calls), 0) from counted_calls k join sites s using (site_id) where s.name = 'step') as counted`) as [{ recorded: number, counted: number }]
    expect(recorded + counted).toBe(2_000_000)
    expect(counted).toBeGreaterThan(1_900_000)
    expect(await queryTrace(run.trace, `select count(*) as n from calls c join sites s using (site_id) where s.name = 'run'`)).toEqual([{ n: 1 }])
    expect(await queryTrace(run.trace, 'select count(*) as drops from drops')).toEqual([{ drops: 0 }])
  }, 60_000)

  it('React: records components and handlers, and not the Fast Refresh code the React plugin appends', async () => {
    const run = await clickTwice(browser, 'react-app')
    dirs.push(run.dir)
    expect(run.errors).toEqual([])
    expect(run.shown).toBe('2 clicks')
    const rows = await queryTrace(run.trace, `
      select s.name, s.file, count(*) as calls from calls c join sites s using (site_id)
      where s.file = 'src/App.tsx' group by all order by s.name`) as Array<{ name: string, file: string, calls: number }>
    expect(rows.map(row => row.name)).toEqual(['App', 'double', 'onClick', expect.stringMatching(/^onClick\.<arrow@11:\d+>$/)])
    expect(rows.find(row => row.name === 'onClick')!.calls).toBe(2)
    expect(await queryTrace(run.trace, `select count(*) as n from sites where name like '%$Refresh%'`)).toEqual([{ n: 0 }])
    expect(await sitesPastTheEnd(run.dir, run.trace)).toEqual([])
  }, 60_000)
})
