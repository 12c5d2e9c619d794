// Ingests batches of 20 complete calls each, one at a time, and prints "committed <n>" once each
// is committed; the crash test kills it with SIGKILL while it runs.
import process from 'node:process'
import { createStore } from '@execscope/store'
import { trace } from './trace-builder.ts'

const store = await createStore({ file: process.argv[2] })
let ts = 0
let seq = 0
for (let n = 1; ; n++) {
  const t = trace()
  for (let i = 0; i < 10; i++) t.enter(1 + (i % 3), ts += 10).enter(9, ts += 5).exit(9, ts += 5).exit(1 + (i % 3), ts += 10)
  await store.ingest(t.batch({ firstSeq: seq }))
  seq += t.records.length
  process.stdout.write(`committed ${n}\n`)
}
