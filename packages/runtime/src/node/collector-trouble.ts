/**
 * Whether the shipper (shared/shipper.ts) sends a batch answered `status` again (0: a network
 * error): a timeout, a rate limit or a server error may pass; any other 4xx is a refusal (409: the
 * collector has it already). The shipper writes the same test inline: the browser runtime, which
 * bundles it, has no bytes left for a function of its own.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500
}

/** Network failures in a row that lose a batch: the shipper's first try and its three retries. */
const FAILURES_THAT_LOSE_A_BATCH = 4

/** Said already on this thread: once is enough. */
let hasSaid = false

function sayOnce(url: string, status: number, error: unknown): void {
  if (hasSaid) return
  hasSaid = true
  try {
    process.stderr.write(`[execscope] ${troubleText(url, status, error)} This process's records are not being stored.\n`)
  }
  catch {}
}

/** For the exit path, whose helper process could not deliver the last batches (it says no more). */
export function sayLastBatchesLost(url: string): void {
  sayOnce(url, 0, new Error('the last batches could not be sent at exit'))
}

/** What to check, by what the collector (or the network) answered. */
function troubleText(url: string, status: number, error: unknown): string {
  const where = new URL(url)
  const named = 'EXECSCOPE_ENDPOINT, or the endpoint option of the build, names it'
  if (status === 404)
    return `The collector at ${where.origin} answered 404 for ${where.pathname}: nothing takes records there. The endpoint must be the collector's base URL, ending in /__execscope (${named}).`
  if (status !== 0)
    return `The collector at ${where.origin} refused a batch (HTTP ${status}).`
  const code = (error as { code?: unknown } | undefined)?.code
  const reason = code === 'ECONNREFUSED' ? 'connection refused' : error instanceof Error ? error.message : String(error)
  return `Cannot reach the collector at ${where.origin} (${reason}). Is \`execscope serve\` running there? (${named}.)`
}

/**
 * `post`, saying once on this thread's stderr when the collector does not take the records: a
 * wrong endpoint or a collector that is not running would otherwise lose them without a word. A
 * refusal (4xx but 408, 409 and 429, which are retried or mean "already stored") is said at once;
 * network failures once they have lost a batch. The app goes on either way.
 */
export function sayCollectorTrouble(url: string, post: (body: Uint8Array) => Promise<number>): (body: Uint8Array) => Promise<number> {
  let failuresInARow = 0
  const say = (status: number, error?: unknown): void => sayOnce(url, status, error)
  return async (body) => {
    let status: number
    try {
      status = await post(body)
    }
    catch (error) {
      if (++failuresInARow >= FAILURES_THAT_LOSE_A_BATCH) say(0, error)
      throw error
    }
    failuresInARow = 0
    if (status >= 400 && status !== 409 && !isRetryableStatus(status)) say(status)
    return status
  }
}

/**
 * The collector's base URL from the `endpoint` given (EXECSCOPE_ENDPOINT, or a build's option),
 * without trailing slashes. One that is not an http(s) URL is said on stderr, once on this thread,
 * and throws: the process then goes on without recording, as when the collector cannot be reached,
 * instead of losing its records without a word.
 */
export function collectorBase(endpoint: string): string {
  let url: URL | undefined
  try {
    url = new URL(endpoint)
  }
  catch {}
  if (url && (url.protocol === 'http:' || url.protocol === 'https:')) return url.href.replace(/\/+$/, '')
  if (!hasSaid) {
    hasSaid = true
    try {
      process.stderr.write(`[execscope] The collector endpoint ${JSON.stringify(endpoint)} is not an http(s) URL: give the collector's base URL, e.g. http://127.0.0.1:4318/__execscope (EXECSCOPE_ENDPOINT, or the endpoint option of the build, names it). This process's records are not being stored.\n`)
    }
    catch {}
  }
  throw new TypeError(`[execscope] The endpoint ${JSON.stringify(endpoint)} is not an http(s) URL.`)
}
