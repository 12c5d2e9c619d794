import type { Browser, Page } from 'playwright-core'
import type { ViteDevServer } from 'vite'
import { copyPlayground, launchChromium, waitForCount } from '#test-utils'
import { createServer } from 'vite'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { driveApp } from '../../playground/browser-app/drive.mjs'

/** What a user must never read on the page: a value the page failed to format. */
const GARBAGE = /\bundefined\b|\bNaN\b|\[object Object\]/

async function countOf(base: string, sql: string): Promise<number> {
  const response = await fetch(new URL('/__execscope/api/sql', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql }) })
  const body = await response.json() as { rows: unknown[][] }
  return Number(body.rows[0]![0])
}

async function viewText(page: Page): Promise<string> {
  return page.locator('#view').innerText()
}

describe('the trace page at the collector\'s URL, under vite dev', () => {
  let browser: Browser
  let app: ReturnType<typeof copyPlayground>
  let server: ViteDevServer
  let url: string
  let page: Page
  const pageErrors: string[] = []

  beforeAll(async () => {
    app = copyPlayground('browser-app')
    browser = await launchChromium()
    server = await createServer({ root: app.dir, configFile: join(app.dir, 'vite.config.ts'), logLevel: 'error', server: { host: '127.0.0.1', port: 0 } })
    await server.listen()
    url = server.resolvedUrls!.local[0]!
    const appPage = await browser.newPage()
    await driveApp(appPage, url)
    await appPage.close()
    await waitForCount(url, 'select count(*) from state_changes', 9)
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    page.on('pageerror', error => pageErrors.push(error.message))
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    app?.cleanup()
  })

  it('is the trace page, not the app, and opening it records no session of the app', async () => {
    const sessions = await countOf(url, 'select count(*) from sessions')
    for (const path of ['/__execscope/', '/__execscope']) {
      await page.goto(new URL(path, url).href)
      expect(await page.title()).toBe('execscope trace')
    }
    await page.waitForSelector('#view table')
    expect(await countOf(url, 'select count(*) from sessions')).toBe(sessions)
  })

  it('lists the slowest functions with their names, files and lines, and readable times', async () => {
    await page.goto(new URL('/__execscope/#functions', url).href)
    await page.waitForSelector('#view tbody tr')
    const text = await viewText(page)
    expect(text).toMatch(/TodoStore\.add src\/todo-store\.ts:\d+/)
    expect(text).toMatch(/\d(\.\d)? (ms|µs|s)\b/)
    expect(text).not.toMatch(GARBAGE)
    expect(await page.locator('#summary').innerText()).toMatch(/^[\d,]+ calls/)
  })

  it('opens a call: its values, why it ran back to the click, and what it called', async () => {
    await page.locator('#view a', { hasText: /^TodoStore\.add / }).first().click()
    // The functions list has a heading with a <small> too: wait for the function's own.
    await page.waitForFunction(() => document.querySelector('#view h2 small')?.textContent === 'its 100 slowest calls')
    await page.locator('#view tbody a').first().click()
    await page.waitForSelector('#tree')
    const text = await viewText(page)
    expect(text).toMatch(/^TodoStore\.add src\/todo-store\.ts:\d+ call #\d+/)
    expect(text).toMatch(/called by\s+addFromInput src\/\S+:\d+/)
    expect(text).toMatch(/event\s+from outside the app \(submit on form#add-form\)/)
    expect(text).toMatch(/parseTitle src\/todo\.ts:\d+/)
    // Times with their unit; under the page's clock step (100 µs, not cross-origin isolated), "< 100 µs".
    expect(text).toMatch(/took (< )?\d+(\.\d+)? (ns|µs|ms|s) · self (< )?\d+(\.\d+)? (ns|µs|ms|s) · /)
    expect(text).not.toMatch(GARBAGE)
    // A row of the call tree opens one level further down.
    await page.locator('#tree button.node').first().click()
    await page.waitForFunction(() => document.querySelector('#tree button.node')?.textContent === '▾')
  })

  it('shows the thrown-and-caught error where it was thrown', async () => {
    await page.click('nav a[href="#errors"]')
    // The view before it (a call) has a heading and rows too: wait for this one's.
    await page.waitForFunction(() => document.querySelector('#view h2')?.textContent?.startsWith('Errors thrown'))
    await page.waitForSelector('#view tbody tr')
    const text = await viewText(page)
    expect(text).toMatch(/ValidationError: A task needs a title\s+parseTitle src\/todo\.ts:\d+/)
    expect(text).not.toMatch(GARBAGE)
  })

  it('shows the store\'s state history, each change with the method that made it', async () => {
    await page.click('nav a[href="#state"]')
    await page.waitForSelector('#view tbody a')
    await page.locator('#view tbody a', { hasText: 'TodoStore#1' }).click()
    await page.waitForFunction(() => document.querySelector('#view h2')?.textContent?.startsWith('TodoStore#1'))
    await page.waitForSelector('#view tbody tr')
    const text = await viewText(page)
    expect(text).toMatch(/#items\s+.+\s+TodoStore\.\w+/)
    expect(text).not.toMatch(GARBAGE)
  })

  it('answers a query in its SQL console', async () => {
    await page.goto(new URL('/__execscope/#sql', url).href)
    await page.fill('#sqltext', 'select name from sites where name = \'parseTitle\'')
    await page.click('#sqlform button')
    await page.waitForSelector('#sqlout table')
    expect(await page.locator('#sqlout').innerText()).toMatch(/name\s+parseTitle/)
  })

  it('follows the app live: new calls show up without a reload', async () => {
    await page.goto(new URL('/__execscope/', url).href)
    await page.waitForSelector('#view table')
    const callsShown = async (): Promise<number> => Number((await page.locator('#summary').innerText()).match(/^([\d,]+) calls/)![1]!.replaceAll(',', ''))
    const before = await callsShown()
    const appPage = await browser.newPage()
    await driveApp(appPage, url)
    await appPage.close()
    await page.waitForFunction(n => Number(document.querySelector('#summary')?.textContent?.match(/^([\d,]+) calls/)?.[1]?.replaceAll(',', '')) > n, before, { timeout: 15_000 })
    expect(await callsShown()).toBeGreaterThan(before)
    // Each page load numbers its objects afresh: its TodoStore#1 is a row (and a history) of its own.
    await page.click('nav a[href="#state"]')
    await page.waitForSelector('#view tbody a')
    await expect.poll(() => page.locator('#view tbody a', { hasText: 'TodoStore#1' }).count()).toBe(2)
    await page.locator('#view tbody a', { hasText: 'TodoStore#1' }).first().click()
    await page.waitForFunction(() => document.querySelector('#view h2')?.textContent?.startsWith('TodoStore#1'))
    await page.waitForSelector('#view tbody tr')
    const sessionChanges = await countOf(url, `select count(*) from state_changes c join threads t using (utid) where c.target = 'TodoStore#1' and t.session_id = (select session_id from sessions order by first_seen desc limit 1)`)
    expect(await page.locator('#view tbody tr').count()).toBe(sessionChanges)
    expect(pageErrors).toEqual([])
  })
})
