/**
 * The properties of each acorn node type that hold child nodes (or arrays of them), in the order
 * acorn creates them — the order a `for…in` walk (estree-walker's) visits them, which is the
 * source order except where acorn assigns out of order (`SwitchCase`, `LabeledStatement`). Keeping
 * that order keeps every function's ordinal, hence its site id, what it always was; a test checks
 * this table against a `for…in` walk.
 *
 * A table walk reads a handful of known properties instead of enumerating every property of every
 * node. Types with no children (`Identifier`, `Literal`, …) map to an empty list; a type missing
 * here (a newer acorn) falls back to enumerating its properties.
 */
export const CHILD_KEYS: Readonly<Record<string, readonly string[]>> = {
  __proto__: null as never,
  Program: ['body'],
  // Statements
  ExpressionStatement: ['expression'],
  BlockStatement: ['body'],
  StaticBlock: ['body'],
  EmptyStatement: [],
  DebuggerStatement: [],
  WithStatement: ['object', 'body'],
  ReturnStatement: ['argument'],
  LabeledStatement: ['body', 'label'],
  BreakStatement: ['label'],
  ContinueStatement: ['label'],
  IfStatement: ['test', 'consequent', 'alternate'],
  SwitchStatement: ['discriminant', 'cases'],
  SwitchCase: ['consequent', 'test'],
  ThrowStatement: ['argument'],
  TryStatement: ['block', 'handler', 'finalizer'],
  CatchClause: ['param', 'body'],
  WhileStatement: ['test', 'body'],
  DoWhileStatement: ['body', 'test'],
  ForStatement: ['init', 'test', 'update', 'body'],
  ForInStatement: ['left', 'right', 'body'],
  ForOfStatement: ['left', 'right', 'body'],
  // Declarations, functions, classes
  FunctionDeclaration: ['id', 'params', 'body'],
  FunctionExpression: ['id', 'params', 'body'],
  ArrowFunctionExpression: ['id', 'params', 'body'],
  VariableDeclaration: ['declarations'],
  VariableDeclarator: ['id', 'init'],
  ClassDeclaration: ['id', 'superClass', 'body'],
  ClassExpression: ['id', 'superClass', 'body'],
  ClassBody: ['body'],
  MethodDefinition: ['key', 'value'],
  PropertyDefinition: ['key', 'value'],
  // Expressions and patterns
  Identifier: [],
  PrivateIdentifier: [],
  Literal: [],
  ThisExpression: [],
  Super: [],
  TemplateElement: [],
  ArrayExpression: ['elements'],
  ArrayPattern: ['elements'],
  ObjectExpression: ['properties'],
  ObjectPattern: ['properties'],
  Property: ['key', 'value'],
  SequenceExpression: ['expressions'],
  UnaryExpression: ['argument'],
  UpdateExpression: ['argument'],
  BinaryExpression: ['left', 'right'],
  LogicalExpression: ['left', 'right'],
  AssignmentExpression: ['left', 'right'],
  AssignmentPattern: ['left', 'right'],
  ConditionalExpression: ['test', 'consequent', 'alternate'],
  CallExpression: ['callee', 'arguments'],
  NewExpression: ['callee', 'arguments'],
  MemberExpression: ['object', 'property'],
  ChainExpression: ['expression'],
  ParenthesizedExpression: ['expression'],
  YieldExpression: ['argument'],
  AwaitExpression: ['argument'],
  SpreadElement: ['argument'],
  RestElement: ['argument'],
  TemplateLiteral: ['expressions', 'quasis'],
  TaggedTemplateExpression: ['tag', 'quasi'],
  MetaProperty: ['meta', 'property'],
  ImportExpression: ['source', 'options'],
  // Modules
  ImportDeclaration: ['specifiers', 'source', 'attributes'],
  ImportSpecifier: ['imported', 'local'],
  ImportDefaultSpecifier: ['local'],
  ImportNamespaceSpecifier: ['local'],
  ImportAttribute: ['key', 'value'],
  ExportNamedDeclaration: ['declaration', 'specifiers', 'source', 'attributes'],
  ExportSpecifier: ['local', 'exported'],
  ExportDefaultDeclaration: ['declaration'],
  ExportAllDeclaration: ['exported', 'source', 'attributes'],
}

interface NodeLike {
  type: string
}

function isNode(value: unknown): value is NodeLike {
  return value !== null && typeof value === 'object' && typeof (value as NodeLike).type === 'string'
}

/**
 * Calls `visit(child)` for each child node of `node`, in `for…in` order. Hot: a plain loop, no
 * closures or arrays allocated.
 */
export function forEachChild<T extends NodeLike>(node: T, visit: (child: T) => void): void {
  const keys = CHILD_KEYS[node.type]
  if (keys === undefined) {
    forEachChildByEnumeration(node, visit)
    return
  }
  for (let k = 0; k < keys.length; k++) {
    const value = (node as unknown as Record<string, unknown>)[keys[k]!]
    if (value === null || value === undefined) continue
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i]
        if (isNode(item)) visit(item as T)
      }
    }
    else if (isNode(value)) visit(value as T)
  }
}

/** What estree-walker does for every node: every enumerable property that holds nodes. */
export function forEachChildByEnumeration<T extends NodeLike>(node: T, visit: (child: T) => void): void {
  for (const key in node) {
    const value: unknown = node[key]
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item as T)
    }
    else if (isNode(value)) visit(value as T)
  }
}
