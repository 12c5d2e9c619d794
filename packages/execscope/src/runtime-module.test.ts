import { resolveOptions } from '@execscope/core'
import { describe, expect, it } from 'vitest'
import { nodeRuntimeModuleCode, runtimeModuleCode } from './runtime-module.ts'

const options = resolveOptions({})

describe('the runtime module', () => {
  it('exports the six recording functions only, at level calls', () => {
    const code = runtimeModuleCode('/rt/browser.js', options, '/__execscope', '/rt/probes.js')
    expect(code).toContain('export const { e, r, x, a, s, u } = rt;')
    expect(code).not.toMatch(/installValues|installState|export const [pvqyoc] /)
  })

  it('adds the value and state recorders before the probes, with stand-ins that still end calls', () => {
    const code = runtimeModuleCode('/rt/browser.js', options, '/__execscope', '/rt/probes.js', { values: '/rt/values.js', state: '/rt/state.js' })
    const lines = code.split('\n')
    const at = (pattern: RegExp): number => lines.findIndex(line => pattern.test(line))
    // Installed before the probes, so their timers are not probed; once per realm.
    expect(at(/installValues\(rt, \{ previewThrown: true \}\)/)).toBeLessThan(at(/installProbes\(/))
    expect(at(/installState\(rt\.recorder\.ring, /)).toBeGreaterThan(-1)
    expect(at(/installState\(rt\.recorder\.ring, /)).toBeLessThan(at(/installProbes\(/))
    expect(code).toContain('if (rt.recorder && !rt.q)')
    expect(code).toContain('export const q = rt.q || rt.r;')
    expect(code).toContain('export const y = rt.y || rt.x;')
    expect(code).toContain('export const c = rt.c || ((_site, _target, _key, _old, value) => value);')
  })

  it('gives the browser runtime the hot-call counting strategy when asked, and only then', () => {
    const counting = runtimeModuleCode('/rt/browser.js', options, '/__execscope', undefined, {}, '/rt/hot-calls.js')
    expect(counting).toContain('import { countHotCalls } from "/rt/hot-calls.js";')
    expect(counting).toMatch(/const rt = install\(\{ \.\.\.\{"endpoint":"\/__execscope",.*\}, calls: countHotCalls \}\);/)
    expect(runtimeModuleCode('/rt/browser.js', options, '/__execscope')).not.toContain('countHotCalls')
  })

  it('leaves thrown values to the Node runtime, which previews them itself', () => {
    const code = nodeRuntimeModuleCode('/rt/node.js', options, { batchDir: '.execscope/batches' }, '/rt/probes-node.js', { values: '/rt/values.js' })
    expect(code).toContain('installValues(rt, { previewThrown: false })')
    expect(code).not.toContain('installState')
    expect(code).toContain('import { installProbes } from "/rt/probes-node.js";')
  })
})
