import { describe, expect, it } from 'vitest'
import { probeScenario } from './scenario.test-support.ts'

const scenarioOutput = probeScenario('semantics-scenario.mjs')

describe('installProbes (semantic equivalence)', () => {
  it('leaves every observable result of the patched APIs as it was', async () => {
    // One after the other: the timers' order must not depend on how two processes share the cores.
    const raw = await scenarioOutput(false)
    const probed = await scenarioOutput(true)
    const rawOut = JSON.parse(raw.stdout) as Record<string, unknown>
    // Same order of keys and same values: results, `this`, arguments, errors, descriptors,
    // length/name, unhandled and handled rejections, microtask order, message data.
    expect(JSON.parse(probed.stdout)).toEqual(rawOut)
    expect(Object.keys(rawOut).length).toBeGreaterThan(20)
    // The probes did run: they wrote records for all of the above.
    expect(Number(/records: (\d+)/.exec(probed.stderr)?.[1])).toBeGreaterThan(50)
  })
})
