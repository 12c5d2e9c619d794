import { parse } from 'acorn'
import { describe, expect, it } from 'vitest'
import { arrowBodyStart } from './arrow-token.ts'

function bodyStartOf(code: string): string {
  const ast = parse(`(${code})`, { ecmaVersion: 'latest', preserveParens: true }) as any
  const arrow = ast.body[0].expression.expression
  return `(${code})`.slice(arrowBodyStart(`(${code})`, arrow))
}

describe('arrowBodyStart', () => {
  it('finds the arrow token past parentheses, commas, comments and async', () => {
    expect(bodyStartOf('x => x')).toBe(' x)')
    expect(bodyStartOf('async () => 1')).toBe(' 1)')
    expect(bodyStartOf('async/* c */() => 1')).toBe(' 1)')
    expect(bodyStartOf('(a, // =>\n b,) /* => */ => a')).toBe(' a)')
    expect(bodyStartOf('({ a = (1) }, [b] = [2], ...c) => ({})')).toBe(' ({}))')
  })
})
