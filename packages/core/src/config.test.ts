import { describe, expect, it } from 'vitest'
import { resolveOptions } from './config.ts'

function message(input: unknown): string {
  try {
    resolveOptions(input)
  }
  catch (error) {
    return (error as Error).message
  }
  throw new Error('options were accepted')
}

describe('resolveOptions', () => {
  it('fills every default', () => {
    expect(resolveOptions(undefined)).toMatchInlineSnapshot(`
      {
        "enabled": true,
        "endpoint": undefined,
        "exclude": [],
        "flushIntervalMs": 200,
        "hotCalls": "count",
        "include": undefined,
        "nodeRingCapacity": 262144,
        "probes": undefined,
        "record": undefined,
        "ringCapacity": 65536,
        "runtime": "auto",
        "sample": 1,
        "sampleEvery": 64,
        "timedCallsPerSite": 64,
        "traceFile": ".execscope/trace.duckdb",
      }
    `)
  })

  it('keeps given values and normalises patterns to arrays', () => {
    const o = resolveOptions({ include: /src/, exclude: 'src/legacy/**', ring: { capacity: 1024 }, timing: { sampleEvery: 1 } })
    expect(o.include).toEqual([/src/])
    expect(o.exclude).toEqual(['src/legacy/**'])
    expect(o.ringCapacity).toBe(1024)
    // A given capacity is the Node runtime's too.
    expect(o.nodeRingCapacity).toBe(1024)
    expect(o.sampleEvery).toBe(1)
  })

  it('names the option, the value and what is expected', () => {
    expect(message({ ring: { capacity: 1000 } })).toMatchInlineSnapshot(`"[execscope] Option "ring.capacity" must be a power of two from 1024 to 4194304, e.g. 65536, got 1000."`)
    expect(message({ flushIntervalMs: '5s' })).toMatchInlineSnapshot(`"[execscope] Option "flushIntervalMs" must be an integer from 10 to 60000, e.g. 200, got "5s"."`)
    expect(message({ include: 42 })).toMatchInlineSnapshot(`"[execscope] Option "include" must be a glob string, a RegExp, or an array of them, got 42."`)
    expect(message({ tracefile: 'x' })).toMatchInlineSnapshot(`"[execscope] Unknown option "tracefile". Known options: enabled, include, exclude, traceFile, ring, flushIntervalMs, runtime, probes, record, endpoint, sample, timing."`)
    expect(message({ timing: { sample: 2 } })).toMatchInlineSnapshot(`"[execscope] Unknown option "timing.sample". Known options: timing.timedCallsPerSite, timing.sampleEvery, timing.hotCalls."`)
    expect(message({ timing: { hotCalls: 'sample' } })).toMatchInlineSnapshot(`"[execscope] Option "timing.hotCalls" must be "count" or "record", got "sample"."`)
    expect(message({ record: 'everything' })).toMatchInlineSnapshot(`"[execscope] Option "record" must be "count", "calls", "values" or "full", got "everything"."`)
    expect(message({ runtime: 'deno' })).toMatchInlineSnapshot(`"[execscope] Option "runtime" must be "auto", "browser" or "node", got "deno"."`)
    expect(message({ endpoint: 'collector:4318' })).toMatchInlineSnapshot(`"[execscope] Option "endpoint" must be an absolute http(s) URL of a collector, e.g. "http://127.0.0.1:4318/__execscope", got "collector:4318"."`)
    expect(resolveOptions({ endpoint: 'http://127.0.0.1:4318/__execscope/' }).endpoint).toBe('http://127.0.0.1:4318/__execscope')
    expect(message({ sample: 0 })).toMatchInlineSnapshot(`"[execscope] Option "sample" must be a number above 0 and at most 1 (the fraction of sessions that record), e.g. 0.1, got 0."`)
    expect(message({ sample: 1.5 })).toMatchInlineSnapshot(`"[execscope] Option "sample" must be a number above 0 and at most 1 (the fraction of sessions that record), e.g. 0.1, got 1.5."`)
    expect(message({ sample: '10%' })).toMatchInlineSnapshot(`"[execscope] Option "sample" must be a number above 0 and at most 1 (the fraction of sessions that record), e.g. 0.1, got "10%"."`)
    expect(resolveOptions({ sample: 0.1 }).sample).toBe(0.1)
    expect(message('on')).toMatchInlineSnapshot(`"[execscope] Options must be an object, got "on". Use execscope({ ... }) or execscope()."`)
  })

  it('carries the ES_BAD_OPTION code', () => {
    expect(() => resolveOptions({ enabled: 'yes' })).toThrow(expect.objectContaining({ code: 'ES_BAD_OPTION' }))
  })
})
