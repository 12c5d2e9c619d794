import type * as ESTree from 'estree'
import type { SiteKind } from '@execscope/core'

/** Offsets acorn puts on every node (`@types/estree` leaves them out). */
export interface Span {
  start: number
  end: number
}

/** An acorn node: ESTree plus offsets. */
export type AnyNode = ESTree.Node & Span

export type FunctionNode = (ESTree.FunctionDeclaration | ESTree.FunctionExpression | ESTree.ArrowFunctionExpression) & Span

/** A class `static { … }` block (acorn's `StaticBlock`). */
export interface StaticBlockNode extends Span {
  type: 'StaticBlock'
  body: ESTree.Statement[]
}

/**
 * What a site instruments: a function body, a static block, or the initializer expression of a
 * class field whose value is not a function (`value`, run once per instance or once per class).
 */
export type SiteTarget =
  | { type: 'function', node: FunctionNode }
  | { type: 'static-block', node: StaticBlockNode }
  | { type: 'field-init', node: AnyNode }

/** Why a function is left untouched although the plan wanted it. */
export type SkipReason = 'eval' | 'with' | 'block-scope'

/** An `await`, `yield` or `yield*` owned by a function (not by a nested one). */
export interface Suspension {
  start: number
  end: number
  /** The operand's span; null for a bare `yield`. */
  argument: Span | null
  depth: number
}

/** A `for await (… of …)` loop owned by a function. */
export interface ForAwaitLoop {
  /** Start of the loop, or of its outermost label: nothing may go between a label and its loop. */
  outerStart: number
  end: number
  right: Span
  body: Span
  /** Depth of the outermost label (or the loop when unlabelled). */
  depth: number
  loopDepth: number
}

/**
 * Where a labelled `break`/`continue` lands after leaving a `for await` body: the loop's
 * `finally` suspended, so the function must resume there. `after` wraps the labelled statement
 * (its outermost label included) and resumes after it; `body` resumes at the top of the loop body.
 */
export interface JumpLanding {
  place: 'after' | 'body'
  start: number
  end: number
  depth: number
}

/** Everything the emitter needs to know about one function of the module. */
export interface FunctionInfo {
  target: SiteTarget
  kind: SiteKind
  /** Stack-frame-like name, may contain positions (`render.<arrow@14:20>`). */
  displayName: string
  /** The same name without positions: the part of the site key that survives unrelated edits. */
  keyName: string
  /** Offset reported as the site's line and column. */
  offset: number
  depth: number
  isAsync: boolean
  isGenerator: boolean
  parent: FunctionInfo | null
  isStrict: boolean
  hasOwnSloppyEval: boolean
  skipReason: SkipReason | null
  paramNames: Set<string>
  varNames: Set<string>
  suspensions: Suspension[]
  forAwaitLoops: ForAwaitLoop[]
  jumpLandings: JumpLanding[]
  /** Start offsets (just after `{`) of catch and finally bodies owned by this function. */
  resumePoints: { pos: number, depth: number }[]
  /** Whether a parameter name repeats (sloppy `function f(a, a)`): its arguments are not previewed. */
  hasDuplicateParams: boolean
  /** Arguments of the `return` statements it owns (not a nested function's), from the end of the `return` keyword (comments before the value stay with it) to the value's end, at a depth between the statement and its argument. */
  returns: { start: number, end: number, depth: number }[]
  /**
   * Default values of its parameters (`a = f()`, destructured ones too) that may throw, at a depth
   * between the default and its value: a throw there happens before the body's entry is recorded.
   */
  paramDefaults: { start: number, end: number, depth: number }[]
  /** Just after the `return` keyword of each `return;` it owns (no argument), at the statement's depth + 0.5. */
  bareReturns: { pos: number, depth: number }[]
  /**
   * It owns a `try` with a `finally`, a `with` statement, or a `return` out of a `for…of` loop, or
   * returns a function or class without a name: its exit is recorded in a `finally` of ours, not
   * at each return (a return there runs the user's `finally` or the iterator's `return()` after
   * its value, or cannot call ours; and `return (rv = X, …)` would name that function `rv`).
   */
  needsFinally: boolean
}

/**
 * An assignment to a property of `this` (`this.items = v`, `this.count += 1`, `this.count++`):
 * recorded as a state change when its function is recorded at level `full`.
 */
export interface StateSite {
  /** The whole assignment or update expression, which the recording call wraps. */
  start: number
  end: number
  /** Where the site's line and column point: the `this.key` target. */
  offset: number
  /** AST depth of the expression (for nesting inserts). */
  depth: number
  /** The property: `items` (a string-literal computed key counts too), `#items` for a private field. */
  key: string
  /** `this.key++` / `this.key--`: the expression's value is the old value, not the new one. */
  isPostfix: boolean
  /** What `this` is, as the enclosing class, object literal or constructor function is named: `TodoStore`. */
  ownerName: string
  /** The same without positions, for the site key. */
  ownerKeyName: string
  /** The function the expression is in (an arrow counts): its plan level decides. */
  fn: FunctionInfo
}
