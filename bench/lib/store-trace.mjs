// A generated, realistic trace for the store benches: a few sessions with a main thread and
// workers each; nested sync calls (a skewed mix of ~400 functions), async functions that suspend
// and resume interleaved with other work, 1% throws, 5% untimed records, some calls left open
// (a page closed). Encoded as the runtime encodes it: batches of up to `batchRecords` records.
import { encodeBatch, RecordFlag, RecordKind, TIME_HIGH_UNIT } from '@execscope/core'

const SYNC_SITES = 400
const ASYNC_SITES = 40

function prng(seed) {
  let s = seed >>> 0 || 1
  return () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return (s >>> 0) / 4294967296
  }
}

/** Records of one thread, as an Int32Array of 4-word records. */
function threadRecords(records, seed) {
  const rand = prng(seed)
  const words = new Int32Array(records * 4 + 64)
  let n = 0
  let t = Math.floor(rand() * 1e6)
  let clockHigh = -1
  let nextAsync = 1
  const stack = [] // [site, asyncId]
  const suspended = []
  const push = (kind, site, payload, isTimed) => {
    if (isTimed) {
      const high = Math.floor(t / TIME_HIGH_UNIT)
      if (high !== clockHigh) {
        words[n++] = RecordKind.Clock; words[n++] = 0; words[n++] = high; words[n++] = 0
        clockHigh = high
      }
      words[n++] = kind | (RecordFlag.Timed << 8); words[n++] = site; words[n++] = payload; words[n++] = (t % TIME_HIGH_UNIT) | 0
    }
    else {
      words[n++] = kind; words[n++] = site; words[n++] = payload; words[n++] = 0
    }
  }
  const enter = () => {
    const isAsync = rand() < 0.07
    const site = isAsync ? SYNC_SITES + 1 + Math.floor(ASYNC_SITES * rand() ** 2) : 1 + Math.floor(SYNC_SITES * rand() ** 2)
    const asyncId = isAsync ? nextAsync++ : 0
    stack.push([site, asyncId])
    push(RecordKind.Enter, site, asyncId, rand() < 0.95)
  }
  while (n < records * 4 - 16) {
    t += 40 + Math.floor(rand() * 400)
    if (stack.length === 0) {
      if (suspended.length > 0 && rand() < 0.4) {
        const frame = suspended.splice(Math.floor(rand() * suspended.length), 1)[0]
        stack.push(frame)
        push(RecordKind.Resume, frame[0], frame[1], true)
      }
      else {
        t += Math.floor(rand() * 20_000) // idle between tasks
        enter()
      }
      continue
    }
    const depth = stack.length
    if (rand() < (depth < 10 ? 0.5 : 0.15)) {
      enter()
      continue
    }
    const [site, asyncId] = stack.at(-1)
    if (asyncId !== 0 && rand() < 0.5 && suspended.length < 200) {
      stack.pop()
      suspended.push([site, asyncId])
      push(RecordKind.Suspend, site, asyncId, true)
      continue
    }
    stack.pop()
    push(rand() < 0.01 ? RecordKind.Throw : RecordKind.Return, site, asyncId, rand() < 0.95)
  }
  return words.subarray(0, n)
}

/**
 * About `events` records over `sessions` sessions of `threadsPerSession` threads, as encoded
 * batches interleaved across threads the way concurrent uploads arrive.
 */
export function generateTrace({ events = 10_000_000, sessions = 3, threadsPerSession = 3, batchRecords = 16_384, seed = 42 } = {}) {
  const threads = []
  const perThread = Math.ceil(events / (sessions * threadsPerSession))
  for (let s = 0; s < sessions; s++) {
    const sessionId = Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + s * 101 + seed) & 0xFF)
    for (let th = 0; th < threadsPerSession; th++) {
      // Workers record less than the main thread.
      const count = Math.floor(perThread * (th === 0 ? 1.5 : (3 - 1.5) / (threadsPerSession - 1 || 1)))
      const words = threadRecords(count, seed * 7919 + s * 131 + th)
      const batches = []
      const total = words.length / 4
      for (let from = 0; from < total; from += batchRecords) {
        const countHere = Math.min(batchRecords, total - from)
        batches.push(encodeBatch({ sessionId, threadId: th, firstSeq: from, timeOriginMs: 1_764_000_000_000 + s * 3_600_000 + th * 5 }, words, from * 4, countHere))
      }
      threads.push({ batches, records: total })
    }
  }
  const batches = []
  for (let i = 0; threads.some(th => i < th.batches.length); i++) {
    for (const th of threads) if (i < th.batches.length) batches.push(th.batches[i])
  }
  return { batches, records: threads.reduce((sum, th) => sum + th.records, 0), threads: threads.length }
}
