import { ValueRole } from '@execscope/core'
import fc from 'fast-check'
import { TraceBuilder } from './trace-builder.ts'

/**
 * Well-nested sync calls: `true` opens a call, `false` closes the innermost; all close at the end.
 * Some exits are followed by a preview of the value thrown or returned (any JSON, any code point).
 */
export const nestedTraceArb: fc.Arbitrary<TraceBuilder> = fc.record({
  start: fc.integer({ min: 0, max: 2 ** 34 }),
  steps: fc.array(fc.record({
    isOpen: fc.boolean(),
    site: fc.integer({ min: 1, max: 5 }),
    gap: fc.integer({ min: 0, max: 2 ** 31 }),
    isTimed: fc.boolean(),
    isThrow: fc.boolean(),
    preview: fc.option(fc.json({ maxDepth: 2, stringUnit: 'binary' }), { nil: undefined, freq: 3 }),
  }), { maxLength: 120 }),
}).map(({ start, steps }) => {
  const t = new TraceBuilder()
  const open: number[] = []
  let ts = start
  for (const step of steps) {
    ts += step.gap
    const at = step.isTimed ? ts : undefined
    if (step.isOpen) {
      open.push(step.site)
      t.enter(step.site, at)
    }
    else if (open.length > 0) {
      const site = open.pop()!
      if (step.isThrow) t.throws(site, at)
      else t.exit(site, at)
      if (step.preview !== undefined) t.value(step.isThrow ? ValueRole.Thrown : ValueRole.Returned, step.preview)
    }
  }
  while (open.length > 0) t.exit(open.pop()!, ts += 7)
  return t
})
