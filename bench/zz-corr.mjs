import { correlateBatch, createThreadState, decodeBatch } from '@execscope/store'
import { generateTrace } from './lib/store-trace.mjs'
const trace = generateTrace({ events: 10_000_000 })
const decoded = trace.batches.map(b => decodeBatch(b))
for (let run = 0; run < 3; run++) {
  const t0 = performance.now()
  const states = new Map()
  let nextCallId = 1
  for (const batch of decoded) {
    const key = `${batch.sessionId}/${batch.threadId}`
    const result = correlateBatch(states.get(key) ?? createThreadState(), batch, nextCallId)
    nextCallId = result.nextCallId
    states.set(key, result.state)
  }
  console.log('correlate', ((performance.now() - t0) / 1000).toFixed(2), 's')
}
