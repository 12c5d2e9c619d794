/**
 * Polls the SQL endpoint of a running collector (`base` is the app's URL; the collector is at
 * /__execscope) until `sql`, one count, reaches `atLeast`, for up to 10 s. For what a Web Worker
 * ships on its own timer, which the page's `flush()` does not wait for.
 */
export async function waitForCount(base: string, sql: string, atLeast: number): Promise<void> {
  const deadline = Date.now() + 10_000
  let last = -1
  for (;;) {
    const response = await fetch(new URL('/__execscope/api/sql', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql }) })
    const body = await response.json() as { rows: unknown[][] | Array<Record<string, unknown>> }
    const row = body.rows[0]!
    last = Number(Array.isArray(row) ? row[0] : Object.values(row)[0])
    if (last >= atLeast) return
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${sql} to reach ${atLeast} (last: ${last})`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}
