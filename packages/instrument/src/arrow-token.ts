import type * as ESTree from 'estree'
import type { Span } from './types.ts'

const WHITESPACE_RE = /[\s\uFEFF]/

/**
 * Offset just after an arrow's `=>`. Scans from the last parameter (or the arrow's start) over
 * whitespace, comments, parentheses, commas and `async`; no other token can stand there.
 */
export function arrowBodyStart(code: string, arrow: ESTree.ArrowFunctionExpression & Span): number {
  const last = arrow.params[arrow.params.length - 1] as (ESTree.Pattern & Span) | undefined
  let i = last ? last.end : arrow.start
  const limit = (arrow.body as ESTree.Node & Span).start
  while (i < limit) {
    const char = code[i]!
    if (char === '=' && code[i + 1] === '>') return i + 2
    if (char === '/' && code[i + 1] === '*') i = code.indexOf('*/', i + 2) + 2
    else if (char === '/' && code[i + 1] === '/') {
      const newline = code.slice(i).search(/[\n\r\u2028\u2029]/)
      i = newline === -1 ? limit : i + newline
    }
    else if (!last && code.startsWith('async', i)) i += 5
    else if (WHITESPACE_RE.test(char) || char === '(' || char === ')' || char === ',') i++
    else break
  }
  throw new Error(`no "=>" before the body of the arrow at offset ${arrow.start}`)
}
