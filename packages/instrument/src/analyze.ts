import type * as ESTree from 'estree'
import { CHILD_KEYS, forEachChildByEnumeration } from './child-keys.ts'
import { directiveOf } from './directives.ts'
import { nameClassMember, nameFunction, ownerOfThis } from './function-name.ts'
import type { LineIndex } from './line-index.ts'
import type { AnyNode, FunctionInfo, FunctionNode, SiteTarget, StateSite, StaticBlockNode } from './types.ts'

function isFunction(node: ESTree.Node): node is FunctionNode {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression'
}

function unparen(node: ESTree.Node): ESTree.Node {
  let current = node as ESTree.Node & { expression?: ESTree.Node }
  while ((current.type as string) === 'ParenthesizedExpression') current = current.expression as ESTree.Node & { expression?: ESTree.Node }
  return current
}

function hasUseStrict(body: ESTree.Node): boolean {
  if (body.type !== 'BlockStatement' && body.type !== 'Program') return false
  for (const statement of body.body) {
    const directive = directiveOf(statement)
    if (directive === undefined) return false
    if (directive === 'use strict') return true
  }
  return false
}


/**
 * Whether a parameter's default value may throw, so that the emitter wraps it to record the call
 * (its body, where the entry is recorded, never runs then). Literals cannot throw; function,
 * arrow and class definitions are left alone for two reasons: creating a function cannot throw,
 * and wrapping an anonymous one would lose the name it takes from its parameter (`cb = () => {}`
 * is named `cb`). A class's computed keys or static blocks could throw: unrecorded, a known gap.
 */
function mayThrowAsDefault(value: AnyNode): boolean {
  switch (value.type) {
    case 'Literal':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassExpression':
      return false
    case 'TemplateLiteral':
      return value.expressions.length > 0
    case 'Identifier':
      return value.name !== 'undefined'
    case 'UnaryExpression':
      // `-1`, `!0`, `void 0`; not `+1n` (a BigInt throws on unary plus).
      return value.argument.type !== 'Literal' || 'bigint' in value.argument
    case 'ArrayExpression':
      // `[]`, `[1, 'a']`: no spread (it iterates), nothing that may throw.
      return value.elements.some(element => element === null || element.type === 'SpreadElement' || mayThrowAsDefault(element as AnyNode))
    case 'ObjectExpression':
      // `{}`, `{ a: 1, f() {} }`: no spread, no computed key (it converts), nothing that may throw.
      return value.properties.some(property => property.type !== 'Property' || property.computed || mayThrowAsDefault(property.value as AnyNode))
    default:
      return true
  }
}

/**
 * Whether `node` (a function or class without a name of its own) is part of the value its owner
 * returns (`return () => 1`, `return c ? function () {} : null`, `x => class {}`), other than as
 * a call's argument or a property's value. V8 names such a function after the variable a value is
 * assigned to, in stack traces (`at rv`, `new rv`, `rv.m`) and, for `rv = (() => 1)`, in its
 * `.name`: its owner's returns must not go through our variable (see FunctionInfo.needsFinally).
 */
function isInReturnedValue(node: ESTree.Node, ancestors: readonly AnyNode[], owner: FunctionInfo): boolean {
  let child: ESTree.Node = node
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const parent = ancestors[i]!
    if (parent === owner.target.node) return parent.type === 'ArrowFunctionExpression' && parent.body === child && parent.expression
    switch (parent.type) {
      case 'ReturnStatement':
        return true
      case 'CallExpression':
      case 'NewExpression':
        if (parent.callee !== child) return false
        break
      case 'Property':
      case 'PropertyDefinition':
        // Named after its key.
        if (parent.value === child) return false
        break
      case 'ClassExpression':
      case 'FunctionExpression':
        // A name of its own wins.
        if (parent.id) return false
        break
      default:
        if (isFunction(parent) || /Statement|Declaration|Program|StaticBlock/.test(parent.type)) return false
    }
    child = parent
  }
  return false
}

/** Adds the names a pattern binds to `into`; returns how many it binds (repeats included). */
function addBindingNames(pattern: ESTree.Pattern | null | undefined, into: Set<string>): number {
  if (!pattern) return 0
  let count = 0
  switch (pattern.type) {
    case 'Identifier':
      into.add(pattern.name)
      return 1
    case 'ObjectPattern':
      for (const property of pattern.properties) count += addBindingNames(property.type === 'RestElement' ? property : property.value, into)
      return count
    case 'ArrayPattern':
      for (const element of pattern.elements) count += addBindingNames(element, into)
      return count
    case 'RestElement': return addBindingNames(pattern.argument, into)
    case 'AssignmentPattern': return addBindingNames(pattern.left, into)
    default: return 0
  }
}

/**
 * Wrapping a body in `try { … }` turns its top-level function declarations into block-scoped ones.
 * That is a SyntaxError next to a `var` of the same name or a duplicate declaration, and it stops a
 * sloppy declaration from overwriting (and, through `arguments`, aliasing) a parameter.
 */
function hasBlockScopeHazard(fn: FunctionInfo): boolean {
  const { target } = fn
  const statements = target.type === 'static-block'
    ? target.node.body
    : target.type === 'function' && target.node.body.type === 'BlockStatement' ? target.node.body.body : []
  const seen = new Set<string>()
  for (const statement of statements) {
    if (statement.type !== 'FunctionDeclaration' || !statement.id) continue
    const name = statement.id.name
    if (seen.has(name) || fn.varNames.has(name) || fn.paramNames.has(name)) return true
    seen.add(name)
  }
  return false
}

/**
 * A field initializer that gets its own `field-init` site: one that can run code. A function or
 * an anonymous class is left alone (a function is a site itself, and wrapping either would lose
 * the name the field gives it); so are values that cannot run anything (`0`, `'x'`, `this`, `y`).
 */
function isInstrumentedInitializer(value: ESTree.Node): boolean {
  const node = unparen(value)
  if (isFunction(node) || (node.type === 'ClassExpression' && !node.id)) return false
  switch (node.type) {
    case 'Literal':
    case 'Identifier':
    case 'ThisExpression':
      return false
    case 'TemplateLiteral':
      return node.expressions.length > 0
    default:
      return true
  }
}

function isForAwait(node: ESTree.Node | undefined): boolean {
  return node?.type === 'ForOfStatement' && node.await
}

/**
 * A labelled jump out of a `for await` body to a statement that is not itself a `for await`
 * (those resume in their own `finally`) skips the resume after the inner loop: resume where it lands.
 */
function addJumpLanding(owner: FunctionInfo, ancestors: AnyNode[], label: string, isContinue: boolean): void {
  let target = ancestors.length - 1
  while (target >= 0 && !(ancestors[target]!.type === 'LabeledStatement' && (ancestors[target] as ESTree.LabeledStatement).label.name === label)) target--
  if (target < 0) return
  let chainEnd = target
  while (ancestors[chainEnd + 1]?.type === 'LabeledStatement') chainEnd++
  const labelled = ancestors[chainEnd + 1]
  if (!labelled || isForAwait(labelled)) return
  let crosses = false
  for (let i = chainEnd + 2; i < ancestors.length && !crosses; i++) crosses = isForAwait(ancestors[i])
  if (!crosses) return
  let outer = target
  while (outer > 0 && ancestors[outer - 1]!.type === 'LabeledStatement') outer--
  const after = { place: 'after' as const, start: ancestors[outer]!.start, end: ancestors[outer]!.end, depth: outer }
  if (!owner.jumpLandings.some(l => l.place === 'after' && l.start === after.start)) owner.jumpLandings.push(after)
  const body = (labelled as ESTree.Node & { body?: ESTree.Node }).body as AnyNode | undefined
  if (isContinue && body && !owner.jumpLandings.some(l => l.place === 'body' && l.start === body.start)) {
    owner.jumpLandings.push({ place: 'body', start: body.start, end: body.end, depth: chainEnd + 1.5 })
  }
}

export interface ModuleAnalysis {
  /** Every function of the module in source order (pre-order). */
  readonly functions: FunctionInfo[]
  /** Every assignment to a property of `this` inside a function, in source order. */
  readonly stateSites: StateSite[]
}

/** Private names of one class body: true for a field (reading it runs nothing), false for a method or accessor. */
type PrivateNames = Map<string, boolean>

function privateNamesOf(body: ESTree.ClassBody): PrivateNames {
  const names: PrivateNames = new Map()
  for (const member of body.body) {
    if ((member.type === 'PropertyDefinition' || member.type === 'MethodDefinition') && member.key.type === 'PrivateIdentifier')
      names.set(member.key.name, member.type === 'PropertyDefinition')
  }
  return names
}

/**
 * The property an assignment target `this.key` / `this["key"]` / `this.#field` names (`#field`
 * for a private field of the innermost class that declares the name), or null for anything else:
 * a private method or accessor, whose value cannot be read without running it.
 */
function thisPropertyKey(target: ESTree.Node, privateScopes: readonly PrivateNames[]): string | null {
  if (target.type !== 'MemberExpression' || target.object.type !== 'ThisExpression' || target.optional) return null
  const property = target.property
  if (property.type === 'PrivateIdentifier') {
    for (let i = privateScopes.length - 1; i >= 0; i--) {
      const isField = privateScopes[i]!.get(property.name)
      if (isField !== undefined) return isField ? `#${property.name}` : null
    }
    return null
  }
  if (!target.computed) return property.type === 'Identifier' ? property.name : null
  // A public key that reads like a private name would be taken for one by the runtime.
  return property.type === 'Literal' && typeof property.value === 'string' && !property.value.startsWith('#') ? property.value : null
}

/**
 * A node with no children (`Identifier`, `Literal`, `this`, …; about half of all nodes) is
 * skipped: none is a function, owns anything, or is an initializer worth a site.
 */
function isLeaf(node: AnyNode): boolean {
  return CHILD_KEYS[node.type]?.length === 0
}

type Naming = Pick<FunctionInfo, 'kind' | 'displayName' | 'keyName' | 'offset'>

/**
 * The state of the walk. A class with one recursive method rather than a generic walker with
 * enter/leave callbacks: on a large bundle the walk visits hundreds of thousands of nodes, and
 * this allocates nothing per node (state that a node changes is saved in locals and restored).
 */
class Analysis {
  readonly functions: FunctionInfo[] = []
  readonly stateSites: StateSite[] = []
  /** What `this` is named here (display and key names): set by non-arrow functions, class fields and static blocks; null at top level. */
  private thisOwner: { name: string, keyName: string } | null = null
  /** Private names of the class bodies around the node, outermost first. */
  private readonly privateScopes: PrivateNames[] = []
  /** The nodes above the one being visited, outermost first (function naming reads them). */
  private readonly ancestors: AnyNode[] = []
  /** The function (static block, field initializer) that owns `await`/`yield`/`var`/catch here; null at top level. */
  private owner: FunctionInfo | null = null
  private strict: boolean
  private withBodies = 0
  private readonly visitChild = (child: AnyNode): void => {
    if (!isLeaf(child)) this.visit(child)
  }

  constructor(private readonly code: string, private readonly lines: LineIndex, strict: boolean) {
    this.strict = strict
  }

  visit(node: AnyNode): void {
    const { ancestors } = this
    const parent = ancestors.length > 0 ? ancestors[ancestors.length - 1]! : null
    const owner = this.owner
    const strict = this.strict
    const thisOwner = this.thisOwner
    const isWithBody = parent !== null && parent.type === 'WithStatement' && parent.body === node
    if (isWithBody) this.withBodies++

    if ((isFunction(node) || node.type === 'ClassExpression') && owner && !(node as { id?: unknown }).id && isInReturnedValue(node, ancestors, owner)) owner.needsFinally = true
    if (isFunction(node)) {
      const info = this.open({ type: 'function', node }, nameFunction(node, ancestors, owner, this.code, this.lines), strict || hasUseStrict(node.body))
      let bindings = 0
      for (const param of node.params) bindings += addBindingNames(param, info.paramNames)
      info.hasDuplicateParams = bindings !== info.paramNames.size
      if (node.type !== 'ArrowFunctionExpression') this.thisOwner = { name: ownerOfThis(info.displayName, info.kind), keyName: ownerOfThis(info.keyName, info.kind) }
    }
    else if (parent !== null && parent.type === 'PropertyDefinition' && parent.value === node && isInstrumentedInitializer(node)) {
      const field = parent as ESTree.PropertyDefinition & AnyNode
      this.open({ type: 'field-init', node }, { kind: 'field-init', ...nameClassMember(field, ancestors, this.code), offset: field.start }, true)
    }
    else {
      this.enterOther(node, owner)
    }

    const isClassBody = node.type === 'ClassBody'
    if (isClassBody) this.privateScopes.push(privateNamesOf(node as ESTree.ClassBody))
    ancestors.push(node)
    const keys = CHILD_KEYS[node.type]
    if (keys === undefined) forEachChildByEnumeration(node, this.visitChild)
    else {
      // Inlined `forEachChild`: this loop runs for every node of the module.
      for (let k = 0; k < keys.length; k++) {
        const value = (node as unknown as Record<string, AnyNode | (AnyNode | null)[] | null | undefined>)[keys[k]!]
        if (value === null || value === undefined) continue
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) {
            const item = value[i]
            if (item != null && !isLeaf(item)) this.visit(item)
          }
        }
        else if (!isLeaf(value)) this.visit(value)
      }
    }
    ancestors.pop()
    if (isClassBody) this.privateScopes.pop()

    if (isWithBody) this.withBodies--
    this.owner = owner
    this.strict = strict
    this.thisOwner = thisOwner
  }

  /** A function, static block or field initializer starts: it owns what is below it. */
  private open(target: SiteTarget, name: Naming, isStrict: boolean): FunctionInfo {
    const info: FunctionInfo = {
      target,
      ...name,
      depth: this.ancestors.length,
      isAsync: target.type === 'function' && target.node.async === true,
      isGenerator: target.type === 'function' && target.node.generator === true,
      parent: this.owner,
      isStrict,
      hasOwnSloppyEval: false,
      // Inside `with (o) { … }` every free identifier, ours included, is looked up on `o` first.
      skipReason: this.withBodies > 0 ? 'with' : null,
      paramNames: new Set(),
      varNames: new Set(),
      suspensions: [],
      forAwaitLoops: [],
      jumpLandings: [],
      resumePoints: [],
      hasDuplicateParams: false,
      returns: [],
      paramDefaults: [],
      bareReturns: [],
      needsFinally: false,
    }
    this.functions.push(info)
    this.owner = info
    this.strict = isStrict
    return info
  }

  /** Every other node that matters: what it adds to its owner, or strictness for a class. */
  private enterOther(node: AnyNode, owner: FunctionInfo | null): void {
    const { ancestors } = this
    switch (node.type) {
      case 'StaticBlock': {
        const block = node as unknown as StaticBlockNode
        const info = this.open({ type: 'static-block', node: block }, { kind: 'static-block', ...nameClassMember(block, ancestors, this.code), offset: block.start }, true)
        this.thisOwner = { name: ownerOfThis(info.displayName, info.kind), keyName: ownerOfThis(info.keyName, info.kind) }
        break
      }
      case 'PropertyDefinition': {
        // `this` in a field's initializer (an arrow's body included) is the instance, or the class for a static field.
        const name = nameClassMember(node as ESTree.PropertyDefinition, ancestors.concat(node), this.code)
        this.thisOwner = { name: ownerOfThis(name.displayName, 'field-init'), keyName: ownerOfThis(name.keyName, 'field-init') }
        break
      }
      case 'AssignmentExpression':
      case 'UpdateExpression': {
        // Inside `with (o) { … }` our identifiers could resolve to properties of `o`.
        if (!owner || this.thisOwner === null || this.withBodies > 0) break
        const target = (node.type === 'AssignmentExpression' ? node.left : node.argument) as AnyNode
        const key = thisPropertyKey(target, this.privateScopes)
        if (key === null) break
        const isPostfix = node.type === 'UpdateExpression' && !node.prefix
        this.stateSites.push({ start: node.start, end: node.end, offset: target.start, depth: ancestors.length, key, isPostfix, ownerName: this.thisOwner.name, ownerKeyName: this.thisOwner.keyName, fn: owner })
        break
      }
      case 'ClassDeclaration':
      case 'ClassExpression':
        this.strict = true
        break
      case 'AwaitExpression':
      case 'YieldExpression': {
        if (!owner) break
        owner.suspensions.push({ start: node.start, end: node.end, argument: (node.argument as AnyNode | null | undefined) ?? null, depth: ancestors.length })
        break
      }
      case 'ForOfStatement': {
        if (!node.await || !owner) break
        let outer = ancestors.length
        while (outer > 0 && ancestors[outer - 1]!.type === 'LabeledStatement') outer--
        owner.forAwaitLoops.push({
          outerStart: outer === ancestors.length ? node.start : ancestors[outer]!.start,
          end: node.end,
          right: node.right as AnyNode,
          body: node.body as AnyNode,
          depth: outer,
          loopDepth: ancestors.length,
        })
        break
      }
      case 'AssignmentPattern': {
        // A default value in the owner's own parameter list (not a destructuring assignment in its body).
        if (!owner || owner.target.type !== 'function') break
        const params = owner.target.node.params as AnyNode[]
        if (params.length === 0 || node.start < params[0]!.start || node.end > params[params.length - 1]!.end) break
        const value = node.right as AnyNode
        if (mayThrowAsDefault(value)) owner.paramDefaults.push({ start: value.start, end: value.end, depth: ancestors.length + 0.5 })
        break
      }
      case 'ReturnStatement':
        // Inside `with (o) { … }` our identifiers could resolve to properties of `o`: such a return keeps its value unrecorded.
        if (!owner || this.withBodies > 0) break
        // From the end of the keyword, not the value: comments before the value stay in front of it,
        // so `return /* @__PURE__ */ f()` keeps its annotation on the call, where bundlers read it.
        if (node.argument) owner.returns.push({ start: node.start + 'return'.length, end: (node.argument as AnyNode).end, depth: ancestors.length + 0.5 })
        else owner.bareReturns.push({ pos: node.start + 'return'.length, depth: ancestors.length + 0.5 })
        if (isInForOfBody(ancestors, node, owner.target.node)) owner.needsFinally = true
        break
      case 'BreakStatement':
      case 'ContinueStatement':
        if (owner && node.label) addJumpLanding(owner, ancestors, node.label.name, node.type === 'ContinueStatement')
        break
      case 'TryStatement': {
        if (!owner) break
        if (node.finalizer) owner.needsFinally = true
        if (node.handler) owner.resumePoints.push({ pos: (node.handler.body as AnyNode).start + 1, depth: ancestors.length + 2 })
        if (node.finalizer) owner.resumePoints.push({ pos: (node.finalizer as AnyNode).start + 1, depth: ancestors.length + 1 })
        break
      }
      case 'WithStatement':
        if (owner) owner.needsFinally = true
        // A suspension or catch inside the `with` body would have to call our functions there.
        if (owner && (owner.isAsync || owner.isGenerator)) owner.skipReason = 'with'
        break
      case 'VariableDeclaration':
        if (node.kind === 'var' && owner) for (const declarator of node.declarations) addBindingNames(declarator.id, owner.varNames)
        break
      case 'CallExpression': {
        // Sloppy direct eval can declare `var`s in the caller's scope, shadowing ours.
        if (!owner || this.strict) break
        const callee = unparen(node.callee)
        if (callee.type === 'Identifier' && callee.name === 'eval' && !node.optional) owner.hasOwnSloppyEval = true
        break
      }
      default:
        break
    }
  }
}

/**
 * Whether a `return` (below `ancestors`) leaves a `for…of` loop of the function `fnNode`: closing
 * the loop's iterator (its `return()`, a generator's `finally`) runs after the return's value, so
 * an exit recorded with the value would come before calls that belong to the function.
 */
function isInForOfBody(ancestors: readonly AnyNode[], node: AnyNode, fnNode: AnyNode): boolean {
  let child = node
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const above = ancestors[i]!
    if (above === fnNode) return false
    if (above.type === 'ForOfStatement' && (above as ESTree.ForOfStatement & AnyNode).body === child) return true
    child = above
  }
  return false
}

/**
 * One walk over the module: names every function and collects what instrumenting it touches —
 * its own `await`/`yield`s, `for await` loops, catch/finally bodies — and what forbids it.
 */
export function analyzeModule(ast: ESTree.Program, code: string, isModule: boolean, lines: LineIndex): ModuleAnalysis {
  const analysis = new Analysis(code, lines, isModule || hasUseStrict(ast))
  analysis.visit(ast as AnyNode)
  const { functions } = analysis

  // Parents come before children (pre-order), so one pass spreads eval taint down the tree.
  const evalTainted = new Set<FunctionInfo>()
  for (const fn of functions) {
    if (fn.hasOwnSloppyEval || (fn.parent && evalTainted.has(fn.parent))) evalTainted.add(fn)
    if (fn.skipReason) continue
    if (evalTainted.has(fn)) fn.skipReason = 'eval'
    else if (hasBlockScopeHazard(fn)) fn.skipReason = 'block-scope'
  }
  // The walker itself: the shape anchor (shape-anchor.ts) keeps one alive, and its class with it.
  return analysis
}
