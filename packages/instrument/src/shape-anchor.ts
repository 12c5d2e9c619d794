import { Parser } from 'acorn'
import type { Options } from 'acorn'

/**
 * A small module, instrumented once per process, whose parser, AST and intermediate results stay
 * referenced for as long as this module is loaded (a few tens of KB).
 *
 * Why: V8 gives objects built property by property (acorn's parser and AST nodes, our analysis
 * records) hidden classes that nothing but live instances hold. A full GC that runs while no
 * module is being instrumented finds no instance, collects those hidden classes and throws away
 * every piece of optimized code that depended on them: the next module is parsed, walked and
 * spliced by the interpreter and baseline code while the optimizer starts over, several times
 * slower than warm. A bundler hits that after each full GC between two transforms (and a
 * benchmark that collects before each run, on every run). Keeping one instance of each common
 * shape alive keeps the optimized code valid.
 *
 * The source touches the syntax that bundled code is made of, so that most node shapes and
 * field representations (numbers that are integers and not, strings, regexes, null) occur here.
 */
export const SHAPE_ANCHOR_SOURCE = `/* @execscope-instrumented */
'use strict'
import def, * as ns from 'a'
import { x as y } from 'b'
var __defProp = Object.defineProperty, __getOwnPropNames = Object.getOwnPropertyNames
var __commonJS = (cb, mod) => function __require() {
  return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports
}
var __export = (target, all) => {
  for (var name in all) __defProp(target, name, { get: all[name], enumerable: true })
}
var require_lib = __commonJS({
  'lib.js'(exports, module) {
    'use strict'
    var hasOwn = Object.prototype.hasOwnProperty, re = /^[a-z]+\\d*$/i, n = 1.5, m = -2, big = 10n
    function Stack(entries) {
      var index = -1, length = entries == null ? 0 : entries.length
      this.clear()
      while (++index < length) {
        var entry = entries[index]
        this.set(entry[0], entry[1])
      }
    }
    Stack.prototype.get = function (key) { return hasOwn.call(this.__data__, key) ? this.__data__[key] : void 0 }
    Stack.prototype.clear = function () { this.__data__ = Object.create(null); this.size = 0 }
    module.exports = function parse(text, options) {
      if (typeof text !== 'string' || !re.test(text)) throw new TypeError('Expected a string, got ' + typeof text)
      const out = [], opts = options || {}
      let i = 0, c
      for (; i < text.length; i++) {
        c = text.charCodeAt(i)
        switch (c) {
          case 10: out.push({ type: 'newline', at: i }); break
          case 0x20: continue
          default: out.push(c > 127 ? String.fromCharCode(c) : text[i])
        }
      }
      do i--; while (i > 0 && !opts.all)
      label: for (const k in opts) if (k === 'x') break label
      return out.length > 0 ? out : null
    }
  },
})
export class Emitter extends Map {
  static count = 0;
  #listeners = [];
  name = \`emitter\${Emitter.count++}\`;
  static { this.ready = true }
  constructor(...args) { super(...args); this.max = 10 }
  get size2() { return this.#listeners.length }
  set size2(value) { this.#listeners.length = value }
  on(event, fn = () => {}) { this.#listeners.push([event, fn]); return this }
  async *events(source) {
    for await (const chunk of source) yield* chunk
    try { await Promise.all([1, 2].map(async v => (await v) * 2)) }
    catch (error) { console.error(error?.message ?? String(error)) }
    finally { this.max = 0 }
  }
}
export default function (a, { b = 1, ...rest } = {}, [c, , d] = []) {
  const obj = { a, b, c, d, rest, ['k' + a]: 1, method() { return this.a }, get g() { return 2 }, ...rest }
  const { a: first, ...others } = obj
  const tagged = String.raw\`x\${first}y\`
  let count = 0
  count += a ? (b, c) : d
  count = count << 1 | 0, count >>>= 1, count **= 2
  if (!(a instanceof Object) && 'b' in obj && delete obj.c) count--
  else if (new.target) count = -count
  return typeof import.meta === 'object' ? import('c').then(m => m.default ?? m, () => null) : [obj, others, tagged, count, def, ns, y]
}
export const generator = function* gen() { const x = yield 1; yield* [x] }
export { require_lib }
`

/**
 * Instances of the helper objects acorn creates and drops while parsing, which a finished parser
 * does not reference: its `DestructuringErrors` (one per assignment expression, the busiest path
 * of the parser). They are caught through acorn's plugin mechanism (`Parser.extend`) in a parse
 * of SHAPE_ANCHOR_SOURCE; should a later acorn rename the method, nothing is caught and nothing
 * else changes.
 */
export function captureAcornHelpers(): unknown[] {
  const caught: unknown[] = []
  // acorn's typings leave out its internal methods.
  type Checking = new (options: Options, input: string) => { checkExpressionErrors(errors: unknown, andThrow?: boolean): boolean }
  const Catching = Parser.extend(Base => class extends (Base as unknown as Checking) {
    override checkExpressionErrors(errors: unknown, andThrow?: boolean): boolean {
      if (errors && caught.length === 0) caught.push(errors)
      return super.checkExpressionErrors(errors, andThrow)
    }
  } as unknown as typeof Parser)
  Catching.parse(SHAPE_ANCHOR_SOURCE, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true, preserveParens: true })
  return caught
}
