/**
 * The clock's step in nanoseconds: the smallest of its first four moves (a quantized clock moves by
 * exactly one step, wherever the first reading fell; taking several keeps a pause of the thread
 * between two readings, common while a page loads, from passing for the step: with two, a loaded
 * machine once measured a 300 µs step for Chromium's 100 µs); 0 when it did not move in 20 000
 * readings (a frozen or fake clock). Costs up to about 400 µs, once per thread at install, in a
 * browser whose clock is coarsened to 100 µs.
 */
export function clockResolutionNs(clock: { now: () => number }): number {
  let step = Infinity
  let t = clock.now()
  for (let i = 0, moves = 0; i < 20000 && moves < 4; i++) {
    const u = clock.now()
    if (u !== t) {
      step = Math.min(step, u - t)
      t = u
      moves++
    }
  }
  return step < Infinity ? Math.max(1, Math.round(step * 1e6)) : 0
}
