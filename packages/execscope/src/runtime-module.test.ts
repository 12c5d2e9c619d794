import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { resolveOptions } from '@execscope/core'
import { describe, expect, it } from 'vitest'
import { runInNewContext } from 'node:vm'
import { browserRuntimePath, noCollectorWarning, nodeRuntimeModuleCode, probesPath, runtimeModuleCode, valuesPath } from './runtime-module.ts'

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

  it('says once in the page\'s console when the server it sends to has no collector (404, 405, 501)', () => {
    const said: string[] = []
    const page = { console: { warn: (text: string) => void said.push(text) }, location: { href: 'http://127.0.0.1:4173/app/', origin: 'http://127.0.0.1:4173' }, URL }
    const onStatus = runInNewContext(`${noCollectorWarning('/__execscope/').join('\n')}\nonStatus`, page) as (status: number) => void
    for (const status of [204, 409, 404, 405, 404]) onStatus(status)
    expect(said).toEqual(['[execscope] http://127.0.0.1:4173/__execscope/ingest answered 404: no execscope collector there, so this page\'s records are lost. Run `execscope serve --cors http://127.0.0.1:4173` and build with the endpoint option naming it.'])
    // Without a location (or a console) it says nothing, and never throws into the transport.
    const bare = runInNewContext(`${noCollectorWarning('/__execscope').join('\n')}\nonStatus`, { URL }) as (status: number) => void
    expect(() => bare(404)).not.toThrow()
    expect(runtimeModuleCode('/rt/browser.js', options, '/__execscope')).toMatch(/const rt = install\(\{ \.\.\.\{"endpoint":"\/__execscope",.*\}, onStatus \}\);/)
  })

  it('gives the browser runtime the hot-call counting strategy when asked, and only then', () => {
    const counting = runtimeModuleCode('/rt/browser.js', options, '/__execscope', undefined, {}, '/rt/hot-calls.js')
    expect(counting).toContain('import { countHotCalls } from "/rt/hot-calls.js";')
    expect(counting).toMatch(/const rt = install\(\{ \.\.\.\{"endpoint":"\/__execscope",.*\}, onStatus, calls: countHotCalls \}\);/)
    expect(runtimeModuleCode('/rt/browser.js', options, '/__execscope')).not.toContain('countHotCalls')
  })

  it('leaves thrown values to the Node runtime, which previews them itself', () => {
    const code = nodeRuntimeModuleCode('/rt/node.js', options, { batchDir: '.execscope/batches' }, '/rt/probes-node.js', { values: '/rt/values.js' })
    expect(code).toContain('installValues(rt, { previewThrown: false })')
    expect(code).not.toContain('installState')
    expect(code).toContain('import { installProbes } from "/rt/probes-node.js";')
  })

  it('records in a fraction `sample` of realms, decided once per realm, however many copies of the module run there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'execscope-sampled-'))
    try {
      const url = (path: string): string => pathToFileURL(path).href
      const code = runtimeModuleCode(url(browserRuntimePath()), resolveOptions({ sample: 0.5, flushIntervalMs: 60000 }), 'http://127.0.0.1:9/__execscope', url(probesPath()), { values: url(valuesPath()) })
      writeFileSync(join(dir, 'runtime.mjs'), code)
      // Two copies of the module (two URLs) in one realm, under the real browser runtime (it runs
      // under Node too), with draws that would disagree if each copy drew for itself.
      writeFileSync(join(dir, 'page.mjs'), `
        const draws = JSON.parse(process.argv[2])
        Math.random = () => draws.shift() ?? 0
        const first = await import('./runtime.mjs?first')
        const second = await import('./runtime.mjs?second')
        const rt = globalThis.__execscope
        console.log(JSON.stringify({
          installed: rt !== undefined, recording: rt?.recorder !== undefined,
          same: first.e === second.e && first.p === second.p,
          token: first.e(7), passed: first.s(7, 0, 'v'), preview: typeof first.p,
        }))`)
      const page = (draws: number[]): unknown => JSON.parse(execFileSync(process.execPath, [join(dir, 'page.mjs'), JSON.stringify(draws)], { encoding: 'utf8' }))
      expect(page([0.75, 0.25])).toMatchObject({ installed: false, recording: false, token: 0, passed: 'v', preview: 'function' })
      expect(page([0.25, 0.75])).toMatchObject({ installed: true, recording: true, same: true, passed: 'v', preview: 'function' })
      // Every realm records unless asked otherwise: no draw at all.
      expect(runtimeModuleCode('/rt/browser.js', options, '/__execscope')).not.toContain('Math.random')
    }
    finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('hands `sample` to the Node runtime, which decides per process', () => {
    expect(nodeRuntimeModuleCode('/rt/node.js', resolveOptions({ sample: 0.1 }), { batchDir: '.execscope/batches' })).toMatch(/const rt = install\(\{ \.\.\.to, \.\.\.\{.*"sample":0\.1\} \}\);/)
    expect(nodeRuntimeModuleCode('/rt/node.js', options, { batchDir: '.execscope/batches' })).not.toContain('"sample"')
  })
})
