/**
 * The clock's step in nanoseconds: how far `performance.now()` moves when it first changes (a
 * quantized clock moves by exactly one step, wherever the first reading fell); 0 when it did not
 * move in 20 000 readings (a frozen or fake clock). Costs up to about 100 µs, once per thread at
 * install, in a browser whose clock is coarsened to 100 µs.
 */
export function clockResolutionNs(clock: { now: () => number }): number {
  const t0 = clock.now()
  let t1 = t0
  for (let i = 0; i < 20000 && t1 === t0; i++) t1 = clock.now()
  return t1 > t0 ? Math.max(1, Math.round((t1 - t0) * 1e6)) : 0
}
