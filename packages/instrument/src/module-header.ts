import { GLOBAL_RUNTIME_KEY, INSTRUMENTED_MARKER, REALM_RUNTIME_SYMBOL } from '@execscope/core'
import type { Comment } from 'acorn'
import type * as ESTree from 'estree'
import { lastDirective } from './directives.ts'

const RUNTIME_FUNCTIONS = ['e', 'r', 'x', 'a', 's', 'u'] as const
/**
 * Bound only by modules that use them, so other modules need nothing more of the runtime: `k`
 * counts a call at level `count`, `o`/`c` record state changes, `p`/`v`/`q`/`y` argument, return
 * and thrown values.
 */
export type ExtraFunction = 'k' | 'o' | 'c' | 'p' | 'v' | 'q' | 'y'
/** What a script binds when the runtime lacks one: `q` and `y` must still end the call. */
const SCRIPT_FALLBACK: Record<ExtraFunction, string> = { k: 'n', o: 'n', c: 'n', p: 'n', v: 'n', q: 'r', y: 'x' }
const MARKER_TEXT = INSTRUMENTED_MARKER.slice(2, -2)
const BINDING_RE = /^__es\d+e$/

/**
 * The statement that binds the runtime functions under hygienic names, after the marker comment.
 * ES modules import them. Scripts (classic or CommonJS) read `globalThis` into `var`s: a `var`
 * may be redeclared by another classic script on the page, and a missing runtime falls back to a
 * no-op instead of throwing. With `realmRuntime` (CommonJS in a vm context of Node: Jest's test
 * environments), a script whose globalThis has no runtime (yet) takes the process's from
 * `require('node:module')`, where core modules are shared by every realm.
 */
export function moduleHeader(prefix: string, isModule: boolean, runtimeSpecifier: string, extra: readonly ExtraFunction[] = [], realmRuntime = false): string {
  const functions: readonly string[] = [...RUNTIME_FUNCTIONS, ...extra]
  if (isModule) {
    const names = functions.map(name => `${name} as ${prefix}${name}`).join(',')
    return `${INSTRUMENTED_MARKER}import{${names}}from${JSON.stringify(runtimeSpecifier)};`
  }
  // The no-op returns its third argument (the value of s/u/v) and, for c, its fifth (the assignment's value).
  const noop = extra.includes('c') ? `function(s,t,v,o,w){return arguments.length>4?w:v}` : `function(s,t,v){return v}`
  const bindings = [
    ...RUNTIME_FUNCTIONS.map(name => `${prefix}${name}=${prefix}g.${name}||${prefix}n`),
    ...extra.map(name => `${prefix}${name}=${prefix}g.${name}||${prefix}${SCRIPT_FALLBACK[name]}`),
  ].join(',')
  const realm = realmRuntime ? `typeof require=="function"&&require("node:module")[Symbol.for(${JSON.stringify(REALM_RUNTIME_SYMBOL)})]||` : ''
  return `${INSTRUMENTED_MARKER}var ${prefix}g=globalThis.${GLOBAL_RUNTIME_KEY}||${realm}{},${prefix}n=${noop},${bindings};`
}

/** Where the header goes: after a hashbang line and after the directive prologue. */
export function headerPosition(code: string, ast: ESTree.Program): { pos: number, needsSemicolon: boolean } {
  const directive = lastDirective(ast.body)
  if (directive) return { pos: directive.end, needsSemicolon: code[directive.end - 1] !== ';' }
  if (!code.startsWith('#!')) return { pos: 0, needsSemicolon: false }
  const newline = code.search(/\r\n|[\n\r\u2028\u2029]/)
  if (newline === -1) return { pos: code.length, needsSemicolon: false }
  return { pos: newline + (code.startsWith('\r\n', newline) ? 2 : 1), needsSemicolon: false }
}

/**
 * A module we already instrumented: it carries the marker comment and binds `__es<n>e` at top
 * level. Both are needed, so a stray marker in user text never blocks instrumentation.
 */
export function isAlreadyInstrumented(ast: ESTree.Program, comments: readonly Comment[]): boolean {
  if (!comments.some(comment => comment.type === 'Block' && comment.value === MARKER_TEXT)) return false
  return ast.body.some((statement) => {
    if (statement.type === 'ImportDeclaration') return statement.specifiers.some(specifier => BINDING_RE.test(specifier.local.name))
    if (statement.type === 'VariableDeclaration') return statement.declarations.some(d => d.id.type === 'Identifier' && BINDING_RE.test(d.id.name))
    return false
  })
}
