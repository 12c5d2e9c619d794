// The runtime module the execscope variant of a workload imports: the Node runtime, recording for
// real (every record written, drained, encoded and appended to a batch file), with the plugin's
// default options unless EXECSCOPE_TIMED_CALLS says otherwise. At exit (after the runtime's own
// final flush, whose exit listener was added first) it writes the runtime's stats next to the file.
// The `count` variant (record: 'count') imports `k` from it too. The `full` variant (what the dev server and Vitest record) imports overhead-runtime-full.mjs, which
// adds the value and state recorders, as the plugin's runtime module does only at those levels.
import { writeFileSync } from 'node:fs'
import { install } from '@execscope/runtime/node'

const file = process.env.EXECSCOPE_BENCH_FILE ?? '/dev/null'
const rt = install({
  file,
  // The Node runtime's default (RECORDING_DEFAULTS.nodeRingCapacity).
  ringCapacity: 262144,
  flushIntervalMs: 200,
  timedCallsPerSite: Number(process.env.EXECSCOPE_TIMED_CALLS ?? 64),
  sampleEvery: 64,
})
if (rt.sessionId === '') throw new Error('the execscope runtime did not start')
process.on('exit', () => {
  if (process.env.EXECSCOPE_BENCH_STATS) writeFileSync(process.env.EXECSCOPE_BENCH_STATS, JSON.stringify(rt.stats))
})
export const { e, r, x, a, s, u, k } = rt
export { rt }
