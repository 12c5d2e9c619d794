import type * as ESTree from 'estree'
import { arrowBodyStart } from './arrow-token.ts'
import { lastDirective } from './directives.ts'
import type { TextInsert } from './source-map.ts'
import type { FunctionInfo, Span, StateSite } from './types.ts'

/**
 * Text to insert at one offset. At a shared offset, closing text comes first (innermost first),
 * then opening text (outermost first): inserts nest like the AST they wrap. `depth` is the AST
 * depth of what the text wraps; halves sit between a node and its children.
 */
interface Insert extends TextInsert {
  isClose: boolean
  depth: number
}

export interface InstrumentedFunction {
  info: FunctionInfo
  siteId: number
  /** Level `values` or `full`: previews of its arguments and return values (`p`, `v`, `q`, `y`). */
  withValues: boolean
  /** Level `count`: only `k(S)` where its body starts (see `countInserts`). */
  isCountOnly?: boolean
}

/** Parameters whose values `p` takes: the runtime's fixed arity, so a call allocates no array. */
export const MAX_PREVIEWED_PARAMS = 8

export interface InstrumentedState {
  state: StateSite
  siteId: number
}

/**
 * `this.k OP v` → `c(S,this,"k",o(S,this,"k"),this.k OP v)`: `o` reads the old value (an own
 * data property only: no getter runs) before the assignment, `c` the new one after it and returns
 * the assignment's value. `this` is evaluated first, as in the original, so an uninitialized
 * `this` (before `super()`) throws the same ReferenceError before anything else runs; an
 * assignment that throws skips `c`, so nothing is recorded.
 */
function stateInserts(site: StateSite, siteId: number, p: string, out: Insert[], line: Lines): void {
  const key = JSON.stringify(site.key)
  if (!site.key.startsWith('#')) {
    out.push({ pos: site.start, text: `${p}c(${siteId},this,${key},${p}o(${siteId},this,${key}),`, isClose: false, depth: site.depth })
    out.push({ pos: site.end, text: ')', isClose: true, depth: site.depth })
    return
  }
  // A private field is read in place (the runtime cannot): only when `this` has it, since reading
  // it otherwise throws (then the assignment throws its own TypeError); `o(S,null,k)` means "skip".
  // The new value is the expression's, or for `this.#k++` the field read after it.
  const name = site.key
  const hasField = `(typeof this=="object"&&this!==null||typeof this=="function")&&${name} in this`
  // Its `?:`, `&&` and `||` are branches to coverage that maps the running code back to the source
  // (V8's, under Vitest, Jest, c8): with own lines the read is on a line of its own, which maps to
  // no source, so they are not taken for the user's. (A line break inside the call's arguments
  // changes nothing: no restricted production ends there.) The call's start keeps a segment at the
  // assignment's place: the user's statement, which now starts with it, still maps there.
  const isOwnLines = line === OWN_LINE
  out.push({ pos: site.start, text: `${p}c(${siteId},this,${key},${line(`${hasField}?this.${name}:${p}o(${siteId},null,${key})`)},`, isClose: false, depth: site.depth, ...(isOwnLines ? { anchors: [0] } : {}) })
  out.push({ pos: site.end, text: site.isPostfix ? `,this.${name})` : ')', isClose: true, depth: site.depth })
}

/** Offset just after the `{` of a static block: skips `static`, whitespace and comments. */
function staticBlockBodyStart(code: string, block: Span): number {
  let i = block.start + 'static'.length
  while (i < block.end) {
    const char = code[i]!
    if (char === '{') return i + 1
    if (char === '/' && code[i + 1] === '*') i = code.indexOf('*/', i + 2) + 2
    else if (char === '/' && code[i + 1] === '/') {
      const newline = code.slice(i).search(/[\n\r\u2028\u2029]/)
      i = newline === -1 ? block.end : i + newline
    }
    else i++
  }
  throw new Error(`no "{" in the static block at offset ${block.start}`)
}

/**
 * At level `values`: `p(S,t,"a,b",a,b)` right after the entry previews the parameters' values
 * (they are initialized by then; default values included), by name, up to MAX_PREVIEWED_PARAMS.
 */
function argumentsCall(fn: FunctionInfo, site: number, p: string): string {
  if (fn.paramNames.size === 0 || fn.hasDuplicateParams) return ''
  const names = [...fn.paramNames].slice(0, MAX_PREVIEWED_PARAMS)
  return `${p}p(${site},${p}t,${JSON.stringify(names.join(','))},${names.join(',')});`
}

/**
 * Text of statements we add, on a line of its own when `ownLines` (InstrumentOptions.ownLines):
 * a line with no original text maps to no source position at all.
 */
type Lines = (text: string) => string

const SAME_LINE: Lines = text => text
const OWN_LINE: Lines = text => `\n${text}\n`

/**
 * The end of `x => expr` made `x =>{…}`: its `}` ends the function. With own lines it is on a line
 * of its own, with one segment mapping it to the end of `expr`: V8's coverage locates the
 * function by its range, which v8-to-istanbul drops when its end maps to nothing.
 */
function closeExpressionBody(pos: number, text: string, depth: number, line: Lines): Insert {
  return { pos, text, isClose: true, depth, ...(line === OWN_LINE ? { anchors: [text.length - 1] } : {}) }
}

/**
 * Where `x => expr` gets its `{…return (`: just after `=>`, or with own lines past the blanks
 * after it, so that the `return` is on the line of `expr`'s first token and maps to it (V8's
 * coverage counts an arrow's expression body as a statement, located there).
 */
function expressionBodyStart(code: string, arrow: ESTree.ArrowFunctionExpression & Span, line: Lines): number {
  let at = arrowBodyStart(code, arrow)
  if (line !== OWN_LINE) return at
  while (at < code.length && /[ \t\r\n]/.test(code[at]!)) at++
  return at
}

function bodyInserts(code: string, fn: FunctionInfo, site: number, withValues: boolean, p: string, out: Insert[], line: Lines): void {
  const target = fn.target
  const enter = fn.isAsync || fn.isGenerator ? 'a' : 'e'
  // At level `values` the exits are `q`/`y`: `r`/`x` plus the return value (stashed by `v`) or the thrown one.
  const [exit, fail] = withValues ? ['q', 'y'] : ['r', 'x']
  // The entry record (and at level `values` the arguments), before our `try`.
  const entry = `const ${p}t=${p}${enter}(${site});${withValues ? argumentsCall(fn, site, p) : ''}`
  const head = line(`${entry}try{`)
  const handlers = `catch(${p}err){${p}${fail}(${site},${p}t,${p}err);throw ${p}err}finally{${p}${exit}(${site},${p}t)}`
  const tail = line(`}${handlers}`)
  // `return (X)`, or `return v(S,t,(X))` to stash the value for `q`.
  const returning = withValues ? `return ${p}v(${site},${p}t,(` : 'return ('
  const returned = withValues ? '))' : ')'
  if (target.type === 'field-init') {
    // `x = v` becomes `x = (()=>{…try{return (v)}…})()`: an initializer is an expression, so the
    // try needs a function. An arrow keeps `this`, `super` and `new.target` (initializers see no
    // `arguments`, `await` or `yield`); the value's name inference is unaffected (never a function).
    // With own lines, the call's `(` stays on the value's line (V8's coverage counts an initializer
    // as a statement located by it), the arrow and our `return` on lines of their own.
    out.push({ pos: target.node.start, text: `(${line(`()=>{${head}${returning}`)}`, isClose: false, depth: fn.depth })
    out.push({ pos: target.node.end, text: `${returned}${tail}})()`, isClose: true, depth: fn.depth })
    return
  }
  if (target.type === 'static-block') {
    const start = staticBlockBodyStart(code, target.node)
    const end = target.node.end - 1
    if (start === end) out.push({ pos: start, text: head + tail, isClose: false, depth: fn.depth })
    else {
      out.push({ pos: start, text: head, isClose: false, depth: fn.depth })
      out.push({ pos: end, text: tail, isClose: true, depth: fn.depth })
    }
    return
  }
  // A default value that may throw (`a = f()`) runs before the body: wrapped in an arrow (which
  // keeps `this`, `arguments`, `super` and `new.target`; parameters allow no `await` or `yield`),
  // a throw records the call's entry and the throw there, then goes on as before.
  for (const value of fn.paramDefaults) {
    // With own lines, the call's `(` stays on the value's line (V8's coverage counts a default as a
    // branch located by it), the arrow and its `return` on lines of their own.
    out.push({ pos: value.start, text: `(${line('()=>{try{return (')}`, isClose: false, depth: value.depth })
    out.push({ pos: value.end, text: `${line(`)}catch(${p}err){const ${p}t=${p}${enter}(${site});${p}${fail}(${site},${p}t,${p}err);${p}${exit}(${site},${p}t);throw ${p}err}}`)})()`, isClose: true, depth: value.depth })
  }
  const node = target.node
  const body = node.body as (ESTree.BlockStatement | ESTree.Expression) & Span
  if (!fn.isAsync && !fn.isGenerator && !fn.needsFinally) return inlineExitInserts(code, fn, site, entry, exit, fail, withValues, p, body, out, line)
  if (body.type !== 'BlockStatement') {
    // `x => expr` becomes `x =>{…try{return (expr)}…}`: the parentheses keep `=> ({…})`, a
    // comment or a line break before `expr` from changing what `return` returns.
    const arrowEnd = expressionBodyStart(code, node as ESTree.ArrowFunctionExpression & Span, line)
    out.push({ pos: arrowEnd, text: `{${head}${returning}`, isClose: false, depth: fn.depth })
    out.push(closeExpressionBody(node.end, `${returned}${tail}}`, fn.depth, line))
    return
  }
  if (withValues) {
    // `return X` → `return v(S,t,(X))`: the parentheses keep `return a, b` one argument.
    for (const ret of fn.returns) {
      out.push({ pos: ret.start, text: `${p}v(${site},${p}t,(`, isClose: false, depth: ret.depth })
      out.push({ pos: ret.end, text: '))', isClose: true, depth: ret.depth })
    }
  }
  wrapBlockBody(code, body, { entry, handlers, fallThrough: '', mayNotStart: fn.isGenerator }, fn.depth, out, line)
}

/**
 * At level `count`: `k(S)` where the body starts and nothing else, no `try`, no exit, no
 * suspension (the runtime counts the call). A block body gets the statement after its directive
 * prologue; `x => expr` becomes `x => (k(S),expr)`, a field's `= v` becomes `= (k(S),v)` (never a
 * function or class, so no name is inferred from it); a static block gets the statement first.
 * Like an entry, it counts what starts the body: a default value that throws, or a generator that
 * is never started, counts no call.
 */
function countInserts(code: string, fn: FunctionInfo, site: number, p: string, out: Insert[], line: Lines): void {
  const count = `${p}k(${site})`
  const target = fn.target
  if (target.type === 'field-init') {
    out.push({ pos: target.node.start, text: `(${count},`, isClose: false, depth: fn.depth })
    out.push({ pos: target.node.end, text: ')', isClose: true, depth: fn.depth })
    return
  }
  if (target.type === 'static-block') {
    out.push({ pos: staticBlockBodyStart(code, target.node), text: line(`${count};`), isClose: false, depth: fn.depth })
    return
  }
  const node = target.node
  const body = node.body as (ESTree.BlockStatement | ESTree.Expression) & Span
  if (body.type !== 'BlockStatement') {
    out.push({ pos: expressionBodyStart(code, node as ESTree.ArrowFunctionExpression & Span, SAME_LINE), text: `(${count},`, isClose: false, depth: fn.depth })
    out.push({ pos: node.end, text: ')', isClose: true, depth: fn.depth })
    return
  }
  const directive = lastDirective(body.body)
  const semicolon = directive && code[directive.end - 1] !== ';' ? ';' : ''
  out.push({ pos: directive ? directive.end : body.start + 1, text: semicolon + line(`${count};`), isClose: false, depth: fn.depth })
}

/**
 * Our `try` around a block body: `entry` and `try{` after the directive prologue, the end of the
 * try and its `handlers` (`catch(e){…}`, maybe `finally{…}`) before the closing brace, and
 * `fallThrough` (the exit of a body that ends without returning) inside the try, after the body.
 *
 * With own lines, the layout is made for V8's coverage as v8-to-istanbul (Jest, c8) reads it back
 * through the map: it drops a range whose start or end is on a line mapping to no source.
 *
 *     function f(a) {
 *     const t=e(S);try{{if(1){     (maps to nothing)
 *       if (a) return 0; a++; return a + 1;
 *     }                            (maps to just before the function's `}`)
 *     }                            (maps to nothing)
 *     r(S,t)                       (maps to nothing; the fall-through, when there is one)
 *     }catch(err){                 (the `}` maps to just before the function's `}`)
 *     x(S,t,err);r(S,t);throw err} (maps to nothing)
 *     }
 *
 * - V8 ends the range after a statement that may jump (`if (a) return 0`) where the next range
 *   starts, or else where the range around it ends; without us, that is the function's, just
 *   before its `}`. Here it is the `if(1)`'s: its `}` maps to the character before the function's
 *   `}`, where the range ends without us (v8-to-istanbul reads an end as the position after the
 *   one it maps to). The `if(1)`'s own range counts what the function counts, so V8 drops it (it
 *   starts on a line that maps to nothing in any case).
 * - It also keeps that range apart from ours: V8 merges adjacent ranges of equal counts, and
 *   without the `if(1)` the range after an early return that never ran reached our catch's (which
 *   never ran either, in a function that never threw) and ended at the catch's `}`, mapping to
 *   nothing: v8-to-istanbul dropped it, and the lines after the `return` read as covered. Now a
 *   `}` of ours lies between the two.
 * - Unlike a function body or a plain block, a try's block keeps a range after its last
 *   statement (`return a + 1` at the end): the body is the `if(1)`'s block, which drops the range
 *   after its last statement, and a block around the `if` drops the `if`'s in turn.
 * - The rest is ours and starts on lines that map to nothing: the outer block's range (when the
 *   body never falls through), the catch's (merged by V8 with the ranges before it when they
 *   never ran either) and the fall-through. The try is last in the body, so V8 keeps no range
 *   after it.
 *
 * What remains: generators (`mayNotStart`) get a plain block `{` instead of `if(1){`. A generator
 * called but never started counts a call and no run of its body, so the `if(1)`'s range would
 * count less than the function: V8 would keep it, fold into it the user's ranges of its count,
 * and v8-to-istanbul drop it with them. In a generator, a range after an early `return` (or a
 * `yield` never resumed) that never ran, where no call threw, still reaches our catch's; V8 then
 * ends it where our catch starts (mapped as above) or merges it with the catch's, and the report
 * misses that uncovered branch. And through an input map (babel-jest's), v8-to-istanbul looks an
 * end up at column max(c - 1, 1): without us, a range ending at a `}` in column 0 takes in that
 * `}`'s line; ours ends just before it, so that line (the function's `}`) reads covered.
 */
function wrapBlockBody(code: string, body: ESTree.BlockStatement & Span, parts: { entry: string, handlers: string, fallThrough: string, mayNotStart: boolean }, depth: number, out: Insert[], line: Lines): void {
  const { entry, handlers, fallThrough, mayNotStart } = parts
  const isOwnLines = line === OWN_LINE
  const head = isOwnLines ? line(`${entry}try{{${mayNotStart ? '{' : 'if(1){'}`) : `${entry}try{`
  // With own lines, `catch(e){` on the line of the try's `}`: a range ending where it starts is read on that line.
  const catchOpen = handlers.indexOf('{') + 1
  const tail = isOwnLines
    ? `\n}\n}\n${fallThrough && `${fallThrough}\n`}}${handlers.slice(0, catchOpen)}${line(handlers.slice(catchOpen))}`
    : `${fallThrough && `;${fallThrough}`}}${handlers}`
  // Directives must stay first: a statement above "use strict" turns strict mode off.
  const directive = lastDirective(body.body)
  const start = directive ? directive.end : body.start + 1
  const semicolon = directive && code[directive.end - 1] !== ';' ? ';' : ''
  const end = body.end - 1
  if (start === end) {
    out.push({ pos: start, text: semicolon + head + tail, isClose: false, depth })
    return
  }
  out.push({ pos: start, text: semicolon + head, isClose: false, depth })
  out.push({ pos: end, text: tail, isClose: true, depth, ...(isOwnLines ? { anchors: [1, tail.lastIndexOf('}catch')], anchorBefore: true } : {}) })
}

/**
 * The exits of a plain function (sync, not a generator, and none of FunctionInfo.needsFinally's
 * reasons) are recorded where they happen instead of in a `finally`: `return X` becomes
 * `return (rv=(X),r(S,t),rv)`, `return;` becomes `return void r(S,t);`, the end of the body gets
 * `;r(S,t)`, and a throw is recorded by `x` then `r` in our `catch`. V8 runs a `try` without a
 * `finally` for less (a `finally` routes every exit through one block that dispatches on how the
 * try ended): about 0.8 ns less per call, for the same records. At level `values` the value goes
 * through `v` first (`rv=v(S,t,(X))`) and the exits are `q`/`y`, in the same order as before.
 */
function inlineExitInserts(code: string, fn: FunctionInfo, site: number, entry: string, exitName: string, failName: string, withValues: boolean, p: string, body: (ESTree.BlockStatement | ESTree.Expression) & Span, out: Insert[], line: Lines): void {
  const exit = `${p}${exitName}(${site},${p}t)`
  const declared = `${entry}${fn.returns.length > 0 || body.type !== 'BlockStatement' ? `let ${p}rv;` : ''}`
  const handler = `catch(${p}err){${p}${failName}(${site},${p}t,${p}err);${exit};throw ${p}err}`
  const [valueOpen, valueClose] = withValues ? [`(${p}rv=${p}v(${site},${p}t,(`, `)),${exit},${p}rv)`] : [`(${p}rv=(`, `),${exit},${p}rv)`]
  if (body.type !== 'BlockStatement') {
    const arrow = fn.target.node as ESTree.ArrowFunctionExpression & Span
    out.push({ pos: expressionBodyStart(code, arrow, line), text: `{${line(`${declared}try{`)}return ${valueOpen}`, isClose: false, depth: fn.depth })
    out.push(closeExpressionBody(arrow.end, `${valueClose}${line(`}${handler}`)}}`, fn.depth, line))
    return
  }
  for (const ret of fn.returns) {
    out.push({ pos: ret.start, text: valueOpen, isClose: false, depth: ret.depth })
    out.push({ pos: ret.end, text: valueClose, isClose: true, depth: ret.depth })
  }
  for (const ret of fn.bareReturns) out.push({ pos: ret.pos, text: ` void ${exit}`, isClose: false, depth: ret.depth })
  // The end of the body, reached when it does not return or throw (`r` never throws, so it may
  // also follow the try: see wrapBlockBody).
  wrapBlockBody(code, body, { entry: declared, handlers: handler, fallThrough: exit, mayNotStart: false }, fn.depth, out, line)
}

function suspensionInserts(fn: FunctionInfo, site: number, p: string, out: Insert[], line: Lines): void {
  // `await X` → `u(S,t,await s(S,t,X))`: the awaited value is X itself, so no promise hop is added.
  for (const suspension of fn.suspensions) {
    out.push({ pos: suspension.start, text: `${p}u(${site},${p}t,`, isClose: false, depth: suspension.depth })
    if (suspension.argument) {
      out.push({ pos: suspension.argument.start, text: `${p}s(${site},${p}t,`, isClose: false, depth: suspension.depth + 0.5 })
      out.push({ pos: suspension.end, text: '))', isClose: true, depth: suspension.depth })
    }
    else {
      out.push({ pos: suspension.end, text: ` ${p}s(${site},${p}t,undefined))`, isClose: true, depth: suspension.depth })
    }
  }
  // An `await`/`yield` that throws (or a generator's `.return()`) skips `u`: resume on the way in.
  for (const point of fn.resumePoints) {
    out.push({ pos: point.pos, text: line(`${p}u(${site},${p}t,0);`), isClose: false, depth: point.depth })
  }
  // `for await` awaits implicitly before each iteration and when it closes the iterator.
  // Suspend before each of those (after evaluating the iterable, and in a `finally` around the
  // body), resume at the top of the body and after the loop. The block around the whole loop
  // keeps a braceless `if (…) for await … else …` valid; labels stay glued to their loop.
  for (const loop of fn.forAwaitLoops) {
    out.push({ pos: loop.outerStart, text: '{', isClose: false, depth: loop.depth })
    out.push({ pos: loop.end, text: `${line(`;${p}u(${site},${p}t,0)`)}}`, isClose: true, depth: loop.depth })
    out.push({ pos: loop.right.start, text: `${p}s(${site},${p}t,`, isClose: false, depth: loop.loopDepth + 0.5 })
    out.push({ pos: loop.right.end, text: ')', isClose: true, depth: loop.loopDepth + 0.5 })
    out.push({ pos: loop.body.start, text: `{${line(`${p}u(${site},${p}t,0);try{`)}`, isClose: false, depth: loop.loopDepth + 0.5 })
    // Like every finally here, this one may run straight from a suspension (`.return()` at a `yield`).
    out.push({ pos: loop.body.end, text: `${line(`}finally{${p}u(${site},${p}t,0);${p}s(${site},${p}t,0)}`)}}`, isClose: true, depth: loop.loopDepth + 0.5 })
  }
  for (const landing of fn.jumpLandings) {
    const resume = `${p}u(${site},${p}t,0)`
    if (landing.place === 'after') {
      out.push({ pos: landing.start, text: '{', isClose: false, depth: landing.depth })
      out.push({ pos: landing.end, text: `${line(`;${resume}`)}}`, isClose: true, depth: landing.depth })
    }
    else {
      out.push({ pos: landing.start, text: `{${line(`${resume};`)}`, isClose: false, depth: landing.depth })
      out.push({ pos: landing.end, text: '}', isClose: true, depth: landing.depth })
    }
  }
}

function compareInserts(a: Insert, b: Insert): number {
  if (a.pos !== b.pos) return a.pos - b.pos
  if (a.isClose !== b.isClose) return a.isClose ? -1 : 1
  return a.isClose ? b.depth - a.depth : a.depth - b.depth
}

/**
 * Every insert of the module, in output order. Inserts only: original text is never overwritten,
 * so every original token keeps its mapping. At one offset, closing text comes before opening text.
 */
export function emitInstrumentation(
  code: string,
  functions: readonly InstrumentedFunction[],
  prefix: string,
  header: { pos: number, text: string },
  states: readonly InstrumentedState[] = [],
  ownLines = false,
): TextInsert[] {
  const line = ownLines ? OWN_LINE : SAME_LINE
  // With own lines the header is on a line of its own: a script's header defines a function and
  // has branches (`||`), whose coverage then maps to no source. At the very start of the module,
  // the empty first line maps to the start, where V8's coverage begins the module's own range.
  const inserts: Insert[] = [{ pos: header.pos, text: line(header.text), isClose: false, depth: -1, ...(ownLines && header.pos === 0 ? { anchors: [0] } : {}) }]
  for (const { info, siteId, withValues, isCountOnly } of functions) {
    if (isCountOnly) {
      countInserts(code, info, siteId, prefix, inserts, line)
      continue
    }
    bodyInserts(code, info, siteId, withValues, prefix, inserts, line)
    if (info.isAsync || info.isGenerator) suspensionInserts(info, siteId, prefix, inserts, line)
  }
  for (const { state, siteId } of states) stateInserts(state, siteId, prefix, inserts, line)
  inserts.sort(compareInserts)
  separateWords(code, inserts)
  return inserts
}

const WORD_CHAR = /[\w$\u0080-\uFFFF]/

/**
 * Minified code glues keywords to what follows (`return{a:1}`, `await(x)`, `yield(x)`): text
 * inserted there would join the keyword into one identifier (`return__es0v(`). An insert that
 * starts with a word character after one gets a space first.
 */
function separateWords(code: string, inserts: Insert[]): void {
  for (let i = 0; i < inserts.length; i++) {
    const insert = inserts[i]!
    const previous = i > 0 && inserts[i - 1]!.pos === insert.pos ? inserts[i - 1]!.text.at(-1) : code[insert.pos - 1]
    if (previous !== undefined && WORD_CHAR.test(previous) && WORD_CHAR.test(insert.text[0] ?? '')) {
      insert.text = ` ${insert.text}`
      if (insert.anchors) insert.anchors = insert.anchors.map(at => at + 1)
    }
  }
}
