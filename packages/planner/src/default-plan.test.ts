import { describe, expect, it } from 'vitest'
import { createDefaultPlan } from './default-plan.ts'

const fn = { key: 'src/a.ts#f#0', name: 'f', file: 'src/a.ts', line: 1, column: 1 }

describe('createDefaultPlan', () => {
  it('records calls of every function by default', () => {
    expect(createDefaultPlan().levelFor(fn)).toBe('calls')
  })
  it('uses the level it is given', () => {
    expect(createDefaultPlan('off').levelFor(fn)).toBe('off')
  })
})
