import { describe, expect, it } from 'vitest'
import { instrument } from './instrument.ts'
import { captureAcornHelpers, SHAPE_ANCHOR_SOURCE } from './shape-anchor.ts'

describe('shape anchor', () => {
  it('is a module that instruments cleanly, with sites of every kind', () => {
    const warnings: string[] = []
    const result = instrument(SHAPE_ANCHOR_SOURCE, 'anchor.js', undefined, { onWarning: message => warnings.push(message) })
    expect(warnings).toEqual([])
    expect(new Set(result!.sites.map(site => site.kind))).toEqual(new Set(['arrow', 'function', 'method', 'constructor', 'getter', 'setter', 'static-block', 'field-init']))
  })

  it('catches the helper objects of the installed acorn', () => {
    // Fails when acorn renames `checkExpressionErrors`: then nothing is caught (a matter of speed only).
    expect(captureAcornHelpers()).toHaveLength(1)
  })
})
