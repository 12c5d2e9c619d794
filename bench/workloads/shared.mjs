// Deterministic inputs and a result digest shared by the workloads.
import { createHash } from 'node:crypto'

/** mulberry32: a small seeded PRNG, so every run generates the same inputs. */
export function random(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const ROUNDS = Number(process.env.ROUNDS ?? 1)

const WORDS = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega'.split(' ')

export function words(next, count) {
  return Array.from({ length: count }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ')
}

/** Prints the one line every variant of a workload must agree on. */
export function report(workload, results) {
  const hash = createHash('sha256').update(JSON.stringify(results)).digest('hex').slice(0, 16)
  process.stdout.write(`${JSON.stringify({ workload, hash })}\n`)
}
