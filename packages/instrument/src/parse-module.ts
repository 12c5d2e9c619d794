import { Parser } from 'acorn'
import type { Comment, Options } from 'acorn'
import type * as ESTree from 'estree'
import type { Span } from './types.ts'

export type SourceType = 'module' | 'script'

export interface ParsedModule {
  ast: ESTree.Program & Span
  sourceType: SourceType
  comments: Comment[]
  /** The parser that built `ast` (the shape anchor keeps one alive, see shape-anchor.ts). */
  parser: Parser
}

export type ParseOutcome = { ok: true, parsed: ParsedModule } | { ok: false, message: string }

interface AcornError extends SyntaxError {
  pos?: number
  loc?: { line: number, column: number }
}

// CommonJS that happens to parse as a module must stay CommonJS: an injected `import` would turn it into ESM.
const COMMONJS_HINT_RE = /\b(?:require|module|exports|__dirname|__filename)\b/
// Module syntax needs one of these words as a token, and keywords cannot be written with escapes.
const MODULE_KEYWORD_RE = /\b(?:import|export)\b/
const TS_JSX_ID_RE = /\.(?:[cm]?tsx?|jsx)$/
const TS_KEYWORD_RE = /\b(?:interface|type|enum|declare|namespace|implements|abstract|readonly|private|public|protected|satisfies|as)\s+[\w${[]/

function tryParse(code: string, sourceType: SourceType, withComments: boolean): { parsed: ParsedModule } | { error: AcornError } {
  const comments: Comment[] = []
  const options: Options = {
    ecmaVersion: 'latest',
    sourceType,
    allowHashBang: true,
    // Needed to keep `=> ({…})` intact and to see `await (x)` operands with their parentheses.
    preserveParens: true,
    // CommonJS modules may `return` at top level.
    allowReturnOutsideFunction: sourceType === 'script',
  }
  if (withComments) options.onComment = comments
  try {
    // What acorn's `parse` does, keeping the parser (its typings mark the constructor protected).
    const parser = new (Parser as unknown as new (options: Options, input: string) => Parser)(options, code)
    const ast = parser.parse() as unknown as ESTree.Program & Span
    return { parsed: { ast, sourceType, comments, parser } }
  }
  catch (error) {
    return { error: error as AcornError }
  }
}

function hasModuleSyntax(ast: ESTree.Program): boolean {
  return ast.body.some(statement => statement.type === 'ImportDeclaration'
    || statement.type === 'ExportNamedDeclaration'
    || statement.type === 'ExportDefaultDeclaration'
    || statement.type === 'ExportAllDeclaration')
}

function looksLikeTypeScriptOrJsx(code: string, id: string, error: AcornError): boolean {
  if (TS_JSX_ID_RE.test(id.replace(/[?#].*$/, ''))) return true
  const pos = error.pos ?? 0
  const char = code[pos]
  if (char === ':' || char === '<' || char === '?' || char === '!') return true
  const lineStart = code.lastIndexOf('\n', pos - 1) + 1
  const lineEnd = code.indexOf('\n', pos)
  const line = code.slice(lineStart, lineEnd === -1 ? code.length : lineEnd)
  return TS_KEYWORD_RE.test(line) || /<[A-Za-z][\w.]*[\s/>]/.test(line)
}

/** What to do about TypeScript or JSX that reaches the instrumenter, unless the host says otherwise (InstrumentOptions.typeScriptHint). */
export const BUNDLER_TYPESCRIPT_HINT = `execscope must run after the TS/JSX transform (enforce: 'post').`

function describeFailure(code: string, id: string, error: AcornError, typeScriptHint: string): string {
  const line = error.loc?.line ?? 1
  const column = (error.loc?.column ?? 0) + 1
  const reason = String(error.message).replace(/\s*\(\d+:\d+\)$/, '')
  const base = `[execscope] Could not parse ${id}:${line}:${column} (${reason}); left it uninstrumented.`
  return looksLikeTypeScriptOrJsx(code, id, error)
    ? `${base} It still contains TypeScript/JSX syntax; ${typeScriptHint}`
    : base
}

/**
 * Parses a module as ESM or script. In `auto` mode a module parse comes first; a script parse is
 * used when that fails, or when the file has no import/export and reads like CommonJS.
 */
export function parseModule(code: string, id: string, sourceType: 'module' | 'script' | 'auto', withComments: boolean, typeScriptHint: string = BUNDLER_TYPESCRIPT_HINT): ParseOutcome {
  const path = id.replace(/[?#].*$/, '')
  const order: SourceType[] = sourceType === 'module' || (sourceType === 'auto' && path.endsWith('.mjs'))
    ? ['module']
    : sourceType === 'script' ? ['script']
      : path.endsWith('.cjs') ? ['script', 'module'] : ['module', 'script']
  // Text without the words `import` and `export` has no module syntax: when it reads like CommonJS, a module
  // parse that succeeds is followed by a script parse that wins when it succeeds. Try the script
  // first and skip the module parse (a second parse of the whole file) whenever it succeeds.
  const isCommonJs = sourceType === 'auto' && order[0] === 'module'
    && COMMONJS_HINT_RE.test(code) && !MODULE_KEYWORD_RE.test(code)
  const errors: Partial<Record<SourceType, AcornError>> = {}
  for (const type of isCommonJs ? ['script', 'module'] as const : order) {
    const attempt = tryParse(code, type, withComments)
    if ('parsed' in attempt) {
      if (sourceType === 'auto' && type === 'module' && !isCommonJs && !hasModuleSyntax(attempt.parsed.ast) && COMMONJS_HINT_RE.test(code)) {
        const asScript = tryParse(code, 'script', withComments)
        if ('parsed' in asScript) return { ok: true, parsed: asScript.parsed }
      }
      return { ok: true, parsed: attempt.parsed }
    }
    errors[type] = attempt.error
  }
  // Report the attempt that got furthest (the first in `order` on a tie): the likelier real error.
  let furthest: AcornError | undefined
  for (const type of order) {
    const error = errors[type]
    if (error && (!furthest || (error.pos ?? 0) > (furthest.pos ?? 0))) furthest = error
  }
  return { ok: false, message: describeFailure(code, id, furthest!, typeScriptHint) }
}
