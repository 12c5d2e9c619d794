import type { BatchIdentity, DrainedBatch, RingBuffer } from './ring-buffer.ts'

/** What the transport did; faults are counted here instead of being thrown into the app. */
export interface TransportStats {
  /** Batches the collector accepted. */
  batchesSent: number
  /** Records in those batches. */
  recordsSent: number
  /** Batches given up on (rejected, or still failing after the retries); the collector sees a sequence gap. */
  batchesLost: number
  /** Records in those batches. */
  recordsLost: number
  /** Failed attempts that were retried. */
  retries: number
  /** Unexpected errors caught inside the runtime. */
  faults: number
}

export interface ShipperOptions {
  /** Where batches come from: the ring, or anything that drains it (Node measures the drains). */
  ring: Pick<RingBuffer, 'drain' | 'nextSeq'>
  identity: BatchIdentity
  /** Sends one batch; resolves with the HTTP status, rejects on a network failure. */
  post: (bytes: Uint8Array<ArrayBuffer>) => Promise<number>
  /** Calls `fn` after `ms` milliseconds, off the hot path. */
  delay: (ms: number) => Promise<void>
  /** Largest batch, in records, asked before each batch (it shrinks while the page is hidden). @default () => 8192 */
  batchRecords?: () => number
  /** Attempts after the first before a batch is given up. @default 3 */
  retries?: number
  /** Wait before the first retry; each further retry waits four times longer. @default 250 */
  retryDelayMs?: number
}

export interface Shipper {
  readonly stats: TransportStats
  /** True while a batch is being sent (or waiting for a retry). */
  readonly isBusy: boolean
  /** Starts sending if there is anything to send and nothing in flight. */
  kick: () => void
  /** Resolves once every record written before the call has been sent or given up. */
  flush: () => Promise<void>
}

interface Waiter {
  target: number
  resolve: () => void
}

/**
 * Ships a ring's records in order: one batch in flight at a time, so batches reach the collector
 * in sequence order; the ring itself is the queue, so a slow collector makes the ring fill and
 * drop, and the drops are reported in-band.
 */
export function createShipper(options: ShipperOptions): Shipper {
  const { ring, identity, post, delay } = options
  const batchRecords = options.batchRecords ?? (() => 8192)
  const retries = options.retries ?? 3
  const retryDelayMs = options.retryDelayMs ?? 250
  const stats: TransportStats = { batchesSent: 0, recordsSent: 0, batchesLost: 0, recordsLost: 0, retries: 0, faults: 0 }
  let busy = false
  let waiters: Waiter[] = []

  function takeBatch(maxRecords: number): DrainedBatch | undefined {
    try {
      return ring.drain(maxRecords, identity)
    }
    catch {
      stats.faults++
      return undefined
    }
  }

  function settle(sentThrough: number | undefined): void {
    if (waiters.length === 0) return
    const still: Waiter[] = []
    for (const w of waiters) {
      // Sequence numbers wrap at 2^32: compare by signed distance.
      if (sentThrough === undefined || ((sentThrough - w.target) | 0) >= 0) w.resolve()
      else still.push(w)
    }
    waiters = still
  }

  async function send(batch: DrainedBatch): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      // 0 when the post throws (no answer): retried like a 5xx.
      let status = 0
      try {
        status = await post(batch.bytes)
      }
      catch {}
      if (status >= 200 && status < 300) {
        stats.batchesSent++
        stats.recordsSent += batch.count
        return
      }
      // A 4xx other than timeout/rate limit means the collector rejected the batch: retrying won't
      // help. (node/collector-trouble.ts's isRetryableStatus is this test, for the Node transport.)
      const isRetryable = status === 0 || status === 408 || status === 429 || status >= 500
      if (!isRetryable || attempt >= retries) {
        stats.batchesLost++
        stats.recordsLost += batch.count
        return
      }
      stats.retries++
      await delay(retryDelayMs * 4 ** attempt)
    }
  }

  async function run(): Promise<void> {
    try {
      for (;;) {
        const batch = takeBatch(batchRecords())
        if (!batch) break
        await send(batch)
        settle((batch.firstSeq + batch.count) | 0)
      }
    }
    catch {
      stats.faults++
    }
    busy = false
    // The ring was empty when we looked, so everything written before any waiter's call is out.
    settle(undefined)
  }

  function kick(): void {
    if (busy) return
    busy = true
    void run()
  }

  function flush(): Promise<void> {
    return new Promise((resolve) => {
      waiters.push({ target: ring.nextSeq | 0, resolve })
      kick()
    })
  }

  return {
    stats,
    get isBusy() {
      return busy
    },
    kick,
    flush,
  }
}
