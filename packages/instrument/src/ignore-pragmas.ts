import type { Comment } from 'acorn'
import type { FunctionInfo } from './types.ts'

/**
 * What every ignore pragma contains: the parser keeps comments only for code that contains it (or
 * the instrumented marker), so other modules pay nothing for them.
 */
export const IGNORE_PRAGMA = 'execscope ignore'

// `/* execscope ignore next */`, `// execscope ignore next`, and the same with `file`; a JSDoc-style
// `/** … */` too (its leading `*`). Anything may follow the pragma (a reason, say).
const NEXT_RE = /^[\s*]*execscope ignore next\b/
const FILE_RE = /^[\s*]*execscope ignore file\b/

/** Whether a comment asks to leave the whole module uninstrumented. */
export function isFileIgnored(comments: readonly Comment[]): boolean {
  return comments.some(comment => FILE_RE.test(comment.value))
}

/**
 * The functions `execscope ignore next` comments leave out: for each comment, the first function
 * that starts after it, with every function inside that one. Their text stays exactly as written,
 * which is what code that reads a function's source needs: `page.evaluate(fn)` in Playwright or
 * Puppeteer and other code that runs `fn.toString()` elsewhere (where our runtime's bindings do
 * not exist), dependency injection that parses parameter lists, tests that compare source text.
 */
export function ignoredFunctions(comments: readonly Comment[], functions: readonly FunctionInfo[]): Set<FunctionInfo> {
  const ignored = new Set<FunctionInfo>()
  const pragmas = comments.filter(comment => NEXT_RE.test(comment.value))
  if (pragmas.length === 0) return ignored
  const byStart = [...functions].sort((a, b) => a.target.node.start - b.target.node.start)
  for (const pragma of pragmas) {
    const next = byStart.find(fn => fn.target.node.start >= pragma.end)
    if (next) ignored.add(next)
  }
  // Functions come outer before inner (see analyze.ts), so a parent is decided before its children.
  for (const fn of functions) {
    if (fn.parent !== null && ignored.has(fn.parent)) ignored.add(fn)
  }
  return ignored
}
