// Probes: the extra cost per scheduled callback when the runtime probes are installed, against the
// same workload bare, measured in alternating rounds of one process (so drift in machine load hits
// both).
import { RingBuffer } from '@execscope/runtime'
import { installProbes } from '@execscope/runtime/probes'

const log = msg => process.stderr.write(`[probes] ${msg}\n`)
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const identity = { sessionId: new Uint8Array(16), threadId: 0, timeOriginMs: 0 }
const ROUNDS = 11
const WARMUP = 2

// Captured before any install: the harness itself is never probed.
const bareSetTimeout = globalThis.setTimeout
const pause = () => new Promise(resolve => bareSetTimeout(resolve, 0))
const noop = () => {}

// Callbacks are scheduled in batches of BATCH and each batch is awaited before the next, so a few
// thousand callbacks are pending at a time, as in an app: with all N pending at once, the figures
// would mostly measure the garbage collector copying them.
const BATCH = 1000

/** Runs `schedule(done)` BATCH times per batch and waits until every `done` was called. */
async function batches(n, schedule) {
  for (let b = 0; b < n; b += BATCH) {
    await new Promise((resolve) => {
      let left = BATCH
      const done = () => {
        if (--left === 0) resolve()
      }
      for (let i = 0; i < BATCH; i++) schedule(done)
    })
  }
}

const workloads = {
  // One batch: timers fire at most once per millisecond, which would dominate batches of 1000.
  'setTimeout(fn, 0), until it fired': {
    n: 20_000,
    run: n => new Promise((resolve) => {
      let left = n
      const done = () => {
        if (--left === 0) resolve()
      }
      for (let i = 0; i < n; i++) setTimeout(done, 0)
    }),
  },
  'setTimeout + clearTimeout (never fires)': {
    n: 100_000,
    run: (n) => {
      for (let i = 0; i < n; i++) clearTimeout(setTimeout(noop, 1000))
    },
  },
  '`then` on a resolved promise, until the reaction ran': {
    n: 200_000,
    run: (n) => {
      const p = Promise.resolve(1)
      return batches(n, done => p.then(done))
    },
  },
  'queueMicrotask, until it ran': {
    n: 200_000,
    run: n => batches(n, done => queueMicrotask(done)),
  },
  '`dispatchEvent` to one listener': {
    n: 100_000,
    run: (n) => {
      const target = new EventTarget()
      target.addEventListener('x', noop)
      for (let i = 0; i < n; i++) target.dispatchEvent(new Event('x'))
    },
  },
}

async function timeOnce(workload) {
  const t0 = performance.now()
  await workload.run(workload.n)
  return ((performance.now() - t0) * 1e6) / workload.n
}

const ring = new RingBuffer({ capacity: 1 << 22 })
const rows = []
for (const [name, workload] of Object.entries(workloads)) {
  log(name)
  const bare = []
  const probed = []
  for (let round = 0; round < ROUNDS + WARMUP; round++) {
    // Alternate which goes first, so neither side always runs right after the other's clean-up.
    let b, p
    for (const isProbed of round % 2 === 0 ? [false, true] : [true, false]) {
      const uninstall = isProbed ? installProbes(ring) : () => {}
      // As inside instrumented code: the ring holds the caller's Enter, so the probes link (an empty
      // ring means top level, where they schedule unwrapped).
      ring.push(1, 1, 0, 0)
      const ns = await timeOnce(workload)
      uninstall()
      await pause()
      if (isProbed) p = ns
      else b = ns
    }
    while (ring.drain(65536, identity));
    if (round >= WARMUP) {
      bare.push(b)
      probed.push(p)
    }
    globalThis.gc?.()
  }
  if (ring.droppedTotal > 0) throw new Error('the ring overflowed during the probes bench')
  rows.push({ name, n: workload.n, bare: median(bare), probed: median(probed) })
}

const f = x => x.toFixed(1)
const lines = [
  '## Probes: extra cost per scheduled callback',
  '',
  `\`installProbes\` from the built \`dist/probes.js\` writing into a \`RingBuffer\`, against the same workload without probes, in ${ROUNDS} alternating rounds (medians; ${WARMUP} warm-up rounds dropped; the ring drained between rounds, outside the timed region). Workloads schedule N callbacks (in batches of ${BATCH}, each awaited, except timers) and wait until all of them ran, so a figure covers scheduling and running (the LinkOut, the wrapper closure, LinkIn and its end); "never fires" isolates the scheduling side. ns per callback, including the workload's own loop; bare and probed go first in turn.`,
  '',
  '| workload | N | bare ns/callback | probed ns/callback | extra ns | × bare |',
  '|---|---:|---:|---:|---:|---:|',
]
for (const r of rows) lines.push(`| ${r.name} | ${r.n} | ${f(r.bare)} | ${f(r.probed)} | ${f(r.probed - r.bare)} | ${(r.probed / r.bare).toFixed(2)} |`)
process.stdout.write(`${lines.join('\n')}\n`)
