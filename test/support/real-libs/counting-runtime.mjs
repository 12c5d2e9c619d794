// The runtime an instrumented real-library bundle imports as `execscope:runtime`: the PRODUCT
// recorder (`createRecorder` from @execscope/runtime) with a large ring. Its records are drained
// while the workload runs (synchronous code never yields to a timer, so the entry points check the
// fill level) and at exit, decoded with the product codec, and reduced to Enter records per site,
// written to the JSON file named by EXECSCOPE_COUNTS_FILE. Drops and decoding errors are reported
// in the same file: a test must fail on them rather than compare incomplete counts.
import { writeFileSync } from 'node:fs'
import { decodeBatch, RECORD_WORDS, RecordKind } from '@execscope/core'
import { createRecorder } from '@execscope/runtime'

const RING_CAPACITY = 1 << 20
// Each entry point writes at most three records (a pending Drop, a Clock anchor, its own record):
// draining after this many calls keeps the ring from ever filling up.
const DRAIN_EVERY = RING_CAPACITY >> 3
const recorder = createRecorder({ ringCapacity: RING_CAPACITY, timedCallsPerSite: 16, sampleEvery: 1024 })
const identity = { sessionId: new Uint8Array(16).fill(7), threadId: 0, timeOriginMs: performance.timeOrigin }
const enters = new Map()
const kinds = new Map()
let dropped = 0
let batches = 0
let sinceDrain = 0
const errors = []

function drainAll() {
  sinceDrain = 0
  for (;;) {
    const batch = recorder.drain(1 << 16, identity)
    if (!batch) return
    batches++
    let decoded
    try {
      decoded = decodeBatch(batch.bytes)
    }
    catch (error) {
      if (errors.length < 10) errors.push(String(error))
      continue
    }
    const words = decoded.records
    for (let i = 0; i < words.length; i += RECORD_WORDS) {
      const kind = words[i] & 0xFF
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
      if (kind === RecordKind.Enter) enters.set(words[i + 1], (enters.get(words[i + 1]) ?? 0) + 1)
      else if (kind === RecordKind.Drop) dropped += words[i + 2]
    }
  }
}

const { r, x, u } = recorder
export { r, u, x }
export function e(site) {
  if (++sinceDrain >= DRAIN_EVERY) drainAll()
  return recorder.e(site)
}
export function a(site) {
  if (++sinceDrain >= DRAIN_EVERY) drainAll()
  return recorder.a(site)
}
export function s(site, token, value) {
  if (++sinceDrain >= DRAIN_EVERY) drainAll()
  return recorder.s(site, token, value)
}

process.on('exit', () => {
  drainAll()
  const file = process.env.EXECSCOPE_COUNTS_FILE
  const report = { enters: Object.fromEntries(enters), kinds: Object.fromEntries(kinds), dropped, batches, errors }
  if (file) writeFileSync(file, JSON.stringify(report))
})
