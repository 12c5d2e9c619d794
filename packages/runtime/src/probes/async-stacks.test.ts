import { describe, expect, it } from 'vitest'
import { probeScenario } from './scenario.test-support.ts'

const runScenario = probeScenario('async-stacks-scenario.mjs')

async function stacks(withProbes: boolean): Promise<{ frames: Record<string, string[]>, stderr: string }> {
  const { stdout, stderr } = await runScenario(withProbes)
  return { frames: JSON.parse(stdout) as Record<string, string[]>, stderr }
}

describe('installProbes (async stack traces)', () => {
  it('keeps every async frame of new Error().stack: Promise.all, chains of awaits, a promise resolved with a promise', async () => {
    const raw = await stacks(false)
    const probed = await stacks(true)
    // Paths of awaits, combinators and resolve functions: the same frames, none added.
    const { then, finally: onFinally, ...awaited } = raw.frames
    expect(awaited.all).toEqual(['at frames', 'at leaf', 'at async Promise.all', 'at async viaAll', 'at async'])
    expect(awaited.awaitChain).toEqual(['at frames', 'at leaf', 'at async chain3', 'at async chain2', 'at async chain1', 'at async'])
    for (const [name, frames] of Object.entries(awaited)) expect({ name, frames: probed.frames[name] }).toEqual({ name, frames })
    // A `then`/`finally` callback runs in the probe's window, the one frame the probes add (named
    // execscopeLink); the async frames below it are those without the probes.
    for (const [name, frames] of Object.entries({ then, finally: onFinally })) {
      expect({ name, frames: probed.frames[name]!.filter(f => f !== 'at execscopeLink') }).toEqual({ name, frames })
    }
    // The probes did link: the `then` and `finally` callbacks at least.
    expect(Number(/records: (\d+)/.exec(probed.stderr)?.[1])).toBeGreaterThanOrEqual(6)
  })
})
