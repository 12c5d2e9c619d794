import type * as ESTree from 'estree'
import type { Span } from './types.ts'

/** The directive text of a prologue statement (acorn sets `directive`), or undefined. */
export function directiveOf(statement: ESTree.Node): string | undefined {
  return (statement as { directive?: string }).directive
}

/** The last statement of a directive prologue (`"use strict"`, `"use client"`, …), if any. */
export function lastDirective(statements: readonly ESTree.Node[]): (ESTree.Node & Span) | undefined {
  let last: (ESTree.Node & Span) | undefined
  for (const statement of statements) {
    if (directiveOf(statement) === undefined) break
    last = statement as ESTree.Node & Span
  }
  return last
}
