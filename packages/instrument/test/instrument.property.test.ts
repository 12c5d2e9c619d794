import { parse } from 'acorn'
import { generatedPositionFor, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { instrument } from '../src/index.ts'

interface Context { isAsync: boolean, isGenerator: boolean, depth: number }

/** A random but valid ES module mixing every function form with awaits, yields, labels and try. */
function randomProgram(seed: number): string {
  let state = seed >>> 0 || 1
  const next = (n: number): number => {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5
    return (state >>> 0) % n
  }
  const pick = <T>(items: readonly T[]): T => items[next(items.length)]!

  const expression = (ctx: Context): string => {
    const leaves = ['1', 'x', '(x, 2)', '({ a: 1 })', '[x]', '`t${x}`', 'x?.y']
    const options: (() => string)[] = [() => pick(leaves)]
    if (ctx.depth < 4) options.push(() => fn({ ...ctx, depth: ctx.depth + 1 }), () => `${expression(ctx)} + ${expression(ctx)}`)
    if (ctx.isAsync) options.push(() => `(await ${expression(ctx)})`, () => `await ${pick(leaves)}`)
    if (ctx.isGenerator) options.push(() => `(yield ${expression(ctx)})`, () => '(yield)', () => `(yield* [${expression(ctx)}])`)
    return pick(options)()
  }
  const statement = (ctx: Context): string => {
    const options: (() => string)[] = [() => `x = ${expression(ctx)};`, () => `return ${expression(ctx)};`]
    if (ctx.depth < 4) {
      const deeper = { ...ctx, depth: ctx.depth + 1 }
      options.push(
        () => `if (x) ${statement(deeper)} else { ${statement(deeper)} }`,
        () => `try { ${statement(deeper)} } catch (e) { ${statement(deeper)} } finally { x = 0 }`,
        () => `l${ctx.depth}: for (const i of [1]) { if (i) continue l${ctx.depth}; ${statement(deeper)} break l${ctx.depth} }`,
      )
      if (ctx.isAsync) options.push(() => `o${ctx.depth}: for (;;) { for await (const v of ${expression(deeper)}) { if (v) break o${ctx.depth}; ${statement(deeper)} } break }`)
    }
    return pick(options)()
  }
  const body = (ctx: Context): string => Array.from({ length: 1 + next(3) }, () => statement(ctx)).join('\n')
  const fn = (ctx: Context): string => {
    const isAsync = next(2) === 0
    const isGenerator = next(2) === 0
    const inner = { isAsync, isGenerator, depth: ctx.depth + 1 }
    const star = isGenerator ? '*' : ''
    const a = isAsync ? 'async ' : ''
    return pick([
      () => `(${a}function${star} (x) { ${body(inner)} })`,
      () => `(${a}(x) => ${expression({ ...inner, isGenerator: false })})`,
      () => `(${a}x => { ${body({ ...inner, isGenerator: false })} })`,
      () => `({ ${a}${star}m(x) { ${body(inner)} } })`,
      () => `(class extends Object { constructor(x) { super(); ${body({ isAsync: false, isGenerator: false, depth: ctx.depth })} } ${a}${star}#p(x) { ${body(inner)} } get g() { return 1 } f = x => ${expression({ isAsync: false, isGenerator: false, depth: ctx.depth })} })`,
    ])()
  }
  const top = { isAsync: false, isGenerator: false, depth: 0 }
  return `let x = 0\nexport function main(x) {\n${body(top)}\n}\nexport const list = [${fn(top)}, ${fn(top)}]\n`
}

describe('instrument (property)', () => {
  it('always yields parseable, fixed-point output whose sites are unique and map back', () => {
    fc.assert(fc.property(fc.integer(), (seed) => {
      const code = randomProgram(seed)
      const id = `gen/${seed}.js`
      const warnings: string[] = []
      const result = instrument(code, id, undefined, { onWarning: message => warnings.push(message) })!
      expect(warnings).toEqual([])
      expect(() => parse(result.code, { ecmaVersion: 'latest', sourceType: 'module' })).not.toThrow()
      expect(instrument(result.code, id)).toBeNull()
      expect(new Set(result.sites.map(site => site.siteId)).size).toBe(result.sites.length)
      const map = new TraceMap(result.map as never)
      for (const site of result.sites) {
        const generated = generatedPositionFor(map, { source: id, line: site.line, column: site.column - 1 })
        const original = originalPositionFor(map, { line: generated.line!, column: generated.column! })
        expect([original.line, original.column! + 1]).toEqual([site.line, site.column])
      }
    }), { numRuns: 300 })
  })
})
