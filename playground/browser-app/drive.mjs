// Drives the playground like a user: waits for the seed to load, adds tasks (one invalid), ticks
// one off, clears done ones, and waits for an autosave. Shared by the demo and the end-to-end test.

/** Launch options for Debian's chromium in headless mode on a closed network. */
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
}

/**
 * @param {import('playwright-core').Page} page
 * @param {string} url
 * @returns {Promise<{ remaining: string, error: string, items: string[], saved: string, stats: string }>} what the user sees at the end
 */
export async function driveApp(page, url) {
  await page.goto(url)
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 })
  await page.fill('#title', 'Buy milk')
  await page.click('#add')
  await page.fill('#title', '   ')
  await page.click('#add')
  const error = await page.textContent('#error')
  await page.fill('#title', 'Ship   the demo')
  await page.click('#add')
  await page.check('li[data-id="2"] input')
  await page.click('#clear-done')
  // The autosave timer eventually writes the final list (three tasks).
  await page.waitForFunction(() => document.querySelector('#saved')?.textContent === 'Saved 3', undefined, { timeout: 10_000 })
  // The worker's word count of the final list.
  await page.waitForFunction(() => document.querySelector('#stats')?.textContent === '3 tasks, 10 words', undefined, { timeout: 10_000 })
  // Ship everything the runtime still holds before we look at the trace.
  await page.evaluate(() => globalThis.__execscope?.flush?.())
  return {
    remaining: await page.textContent('#remaining'),
    error,
    items: await page.$$eval('#list li span', spans => spans.map(span => span.textContent)),
    saved: await page.textContent('#saved'),
    stats: await page.textContent('#stats'),
  }
}
