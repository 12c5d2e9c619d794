import type * as ESTree from 'estree'
import type { SiteKind } from '@execscope/core'
import type { LineIndex } from './line-index.ts'
import type { AnyNode, FunctionNode } from './types.ts'

export interface FunctionName {
  kind: SiteKind
  displayName: string
  keyName: string
  /** Offset reported as the function's position: the method's first token, else the function's. */
  offset: number
}

interface Enclosing {
  displayName: string
  keyName: string
}

const MAX_COMPUTED_KEY_CHARS = 40

/**
 * While a module is named (see `withOriginalNames`): the name an identifier had before a minifier
 * renamed it, from the module's upstream source map, given its offset and its name here.
 */
let originalName: ((offset: number, name: string) => string) | undefined

/** Runs `body` with `rename` giving identifiers their original names (none: names as written). */
export function withOriginalNames<T>(rename: ((offset: number, name: string) => string) | undefined, body: () => T): T {
  const outer = originalName
  originalName = rename
  try {
    return body()
  }
  finally {
    originalName = outer
  }
}

/**
 * A binding's name: the declared name of a class, function or variable, or the root of `x.y.z`.
 * Property keys are never renamed by minifiers, so they are read as written.
 */
function bindingName(node: ESTree.Identifier): string {
  return originalName === undefined ? node.name : originalName((node as AnyNode).start, node.name)
}

function isParen(node: AnyNode | undefined): boolean {
  return (node?.type as string) === 'ParenthesizedExpression'
}

/** Index of the nearest ancestor above `index` that is not a parenthesis. */
function contextIndex(ancestors: AnyNode[], index: number): number {
  let i = index - 1
  while (i >= 0 && isParen(ancestors[i])) i--
  return i
}

function keyText(key: ESTree.Node, computed: boolean, code: string): string {
  if (!computed) {
    if (key.type === 'Identifier') return key.name
    if (key.type === 'PrivateIdentifier') return `#${key.name}`
    if (key.type === 'Literal') return String(key.value)
  }
  const { start, end } = key as AnyNode
  const text = code.slice(start, end)
  return text.length <= MAX_COMPUTED_KEY_CHARS && !/[\n\r]/.test(text) ? `[${text}]` : '[computed]'
}

function memberText(node: ESTree.Node): string | null {
  if (node.type === 'Identifier') return bindingName(node)
  if (node.type === 'ThisExpression') return 'this'
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
    const object = memberText(node.object)
    return object === null ? null : `${object}.${node.property.name}`
  }
  return null
}

/**
 * The name a value gets from where it is written: `const f = …`, `f = …`, `x.y = …`, `{ a = … }`,
 * `export default …`. Null when the context gives none.
 */
function contextName(ancestors: AnyNode[], index: number, code: string): string | null {
  const i = contextIndex(ancestors, index)
  const parent = ancestors[i]
  if (!parent) return null
  const child = ancestors[i + 1] ?? null
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.id.type === 'Identifier' ? bindingName(parent.id) : null
    case 'AssignmentExpression':
      return parent.right === child || child === null ? memberText(parent.left) : null
    case 'AssignmentPattern':
      return parent.left.type === 'Identifier' ? bindingName(parent.left) : null
    case 'ExportDefaultDeclaration':
      return 'default'
    case 'Property': {
      if (parent.value !== child) return null
      const object = ancestors[i - 1]
      const key = keyText(parent.key, parent.computed, code)
      if (object?.type !== 'ObjectExpression') return key
      const objectName = contextName(ancestors, i - 1, code)
      return objectName === null ? key : `${objectName}.${key}`
    }
    default:
      return null
  }
}

const MAX_LABEL_CHARS = 40

/**
 * How a callee reads in a callback's name. `(0, _globals.describe)(…)` is how TypeScript, Babel
 * and esbuild call an imported function in CommonJS output (so that it gets no `this`); the
 * object is the module, so the name is the function's, as the source wrote it: `describe`.
 */
function calleeText(node: ESTree.Expression | ESTree.Super): string | null {
  // The parser keeps parentheses (for the source map's sake): look inside them.
  let callee = node as AnyNode
  while (isParen(callee)) callee = (callee as unknown as { expression: AnyNode }).expression
  if (callee.type === 'SequenceExpression' && callee.expressions.length === 2) {
    const [zero, fn] = callee.expressions
    if (zero?.type !== 'Literal' || zero.value !== 0 || !fn) return null
    if (fn.type === 'MemberExpression' && !fn.computed && fn.property.type === 'Identifier') return fn.property.name
    return memberText(fn)
  }
  return callee.type === 'Super' ? null : memberText(callee)
}

/**
 * A callback passed to a call whose first argument is a string names itself after the call:
 * `it("adds an item")`, `describe("TodoStore")`, `app.get("/users")`, `emitter.on("data")`. Test
 * suites, routes and listeners then read by what they are, where a stack frame would say
 * `<anonymous>`. Null for any other place.
 */
function callbackLabel(ancestors: AnyNode[], fnIndex: number): string | null {
  const i = contextIndex(ancestors, fnIndex)
  const call = ancestors[i]
  if (call?.type !== 'CallExpression' && call?.type !== 'NewExpression') return null
  const fn = ancestors[i + 1]
  const [first] = call.arguments
  if (!first || first === (fn as unknown)) return null
  let label: string
  if (first.type === 'Literal' && typeof first.value === 'string') label = first.value
  else if (first.type === 'TemplateLiteral' && first.expressions.length === 0) label = first.quasis[0]!.value.cooked ?? ''
  else return null
  const callee = calleeText(call.callee)
  if (callee === null) return null
  const shown = label.length > MAX_LABEL_CHARS ? `${label.slice(0, MAX_LABEL_CHARS - 1)}…` : label
  return `${callee}(${JSON.stringify(shown)})`
}

function className(ancestors: AnyNode[], classIndex: number, code: string): string {
  const node = ancestors[classIndex]
  if ((node?.type === 'ClassDeclaration' || node?.type === 'ClassExpression') && node.id) return bindingName(node.id)
  return contextName(ancestors, classIndex, code) ?? '<class>'
}

function named(kind: SiteKind, name: string, offset: number): FunctionName {
  return { kind, displayName: name, keyName: name, offset }
}

/**
 * Names a function like a stack frame would, from its AST context. `ancestors` ends with the
 * function's parent; `enclosing` is the nearest enclosing function, which prefixes anonymous names.
 */
export function nameFunction(
  fn: FunctionNode,
  ancestors: AnyNode[],
  enclosing: Enclosing | null,
  code: string,
  lines: LineIndex,
): FunctionName {
  const own = fn.type === 'ArrowFunctionExpression' ? 'arrow' : 'function'
  const parent = ancestors[ancestors.length - 1]

  if (parent?.type === 'MethodDefinition' && parent.value === (fn as unknown)) {
    const owner = className(ancestors, ancestors.length - 3, code)
    const key = keyText(parent.key, parent.computed, code)
    const start = (parent as AnyNode).start
    if (parent.kind === 'constructor') return named('constructor', `${owner}.constructor`, start)
    if (parent.kind === 'get') return named('getter', `get ${owner}.${key}`, start)
    if (parent.kind === 'set') return named('setter', `set ${owner}.${key}`, start)
    return named('method', `${owner}.${key}`, start)
  }
  if (parent?.type === 'Property' && parent.value === (fn as unknown) && (parent.method || parent.kind !== 'init')) {
    const name = contextName(ancestors.concat(fn as AnyNode), ancestors.length, code) ?? keyText(parent.key, parent.computed, code)
    const start = (parent as AnyNode).start
    if (parent.kind === 'get') return named('getter', `get ${name}`, start)
    if (parent.kind === 'set') return named('setter', `set ${name}`, start)
    return named('method', name, start)
  }
  if (fn.type !== 'ArrowFunctionExpression' && fn.id) {
    // The display name is the frame's name; the key also names the enclosing function, so that
    // adding an `inner` elsewhere in the module does not shift this one's ordinal.
    const name = bindingName(fn.id)
    return { kind: own, displayName: name, keyName: enclosing ? `${enclosing.keyName}.${name}` : name, offset: fn.start }
  }
  if (parent?.type === 'PropertyDefinition' && parent.value === (fn as unknown)) {
    const owner = className(ancestors, ancestors.length - 3, code)
    return named(own, `${owner}.${keyText(parent.key, parent.computed, code)}`, fn.start)
  }
  if (fn.type === 'FunctionDeclaration') return named(own, 'default', fn.start)
  const fromContext = contextName(ancestors.concat(fn as AnyNode), ancestors.length, code)
  if (fromContext !== null) return named(own, fromContext, fn.start)
  const label = callbackLabel(ancestors.concat(fn as AnyNode), ancestors.length)
  if (label !== null) {
    return {
      kind: own,
      displayName: enclosing ? `${enclosing.displayName}.${label}` : label,
      keyName: enclosing ? `${enclosing.keyName}.${label}` : label,
      offset: fn.start,
    }
  }

  const { line, column } = lines.locate(fn.start)
  const display = own === 'arrow' ? `<arrow@${line}:${column}>` : '<anonymous>'
  const key = own === 'arrow' ? '<arrow>' : '<anonymous>'
  return {
    kind: own,
    displayName: enclosing ? `${enclosing.displayName}.${display}` : display,
    keyName: enclosing ? `${enclosing.keyName}.${key}` : key,
    offset: fn.start,
  }
}

/**
 * Names a class member that is not a function: a static block (`Widget.<static>`) or the
 * initializer of a field (`Widget.count`, `Widget.#items`). `ancestors` ends with the class body
 * (static block) or the field's `PropertyDefinition` (initializer).
 */
export function nameClassMember(
  member: { type: 'StaticBlock' } | ESTree.PropertyDefinition,
  ancestors: AnyNode[],
  code: string,
): { displayName: string, keyName: string } {
  if (member.type === 'StaticBlock') {
    const name = `${className(ancestors, ancestors.length - 2, code)}.<static>`
    return { displayName: name, keyName: name }
  }
  const name = `${className(ancestors, ancestors.length - 3, code)}.${keyText(member.key, member.computed, code)}`
  return { displayName: name, keyName: name }
}

/** Offset of the last `.` of a qualified name outside quotes and brackets (`describe("a.b").it`), or -1. */
function lastSegmentDot(name: string): number {
  let depth = 0
  let quote = ''
  let last = -1
  for (let i = 0; i < name.length; i++) {
    const char = name[i]!
    if (quote) {
      if (char === '\\') i++
      else if (char === quote) quote = ''
    }
    else if (char === '"' || char === '\'' || char === '`') quote = char
    else if (char === '(' || char === '[' || char === '<') depth++
    else if (char === ')' || char === ']' || char === '>') depth--
    else if (char === '.' && depth === 0) last = i
  }
  return last
}

/**
 * What `this` is called inside a function named `name` (a display or key name) of kind `kind`:
 * the class of a method, accessor, constructor, field or static block (`TodoStore.add` →
 * `TodoStore`), the object of an object-literal method (`store.add` → `store`), the constructor
 * of a prototype method (`Counter.prototype.inc` → `Counter`), or a plain function itself
 * (`function Counter() { this.n = 0 }` → `Counter`).
 */
export function ownerOfThis(name: string, kind: SiteKind): string {
  const bare = kind === 'getter' || kind === 'setter' ? name.replace(/^[gs]et /, '') : name
  const dot = lastSegmentDot(bare)
  // A method of an object literal that has no name of its own.
  if (dot < 0) return kind === 'function' ? bare : '<object>'
  const owner = bare.slice(0, dot)
  return owner.endsWith('.prototype') ? owner.slice(0, -'.prototype'.length) : owner
}
