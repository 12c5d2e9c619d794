// The two pieces that replaced general-purpose libraries for speed, each checked against what it
// replaced: the source map against magic-string, the walk order against a `for…in` walk
// (estree-walker's).
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { EncodedSourceMap } from '@jridgewell/trace-mapping'
import { decodedMappings, TraceMap } from '@jridgewell/trace-mapping'
import { parse } from 'acorn'
import fc from 'fast-check'
import MagicString from 'magic-string'
import { describe, expect, it } from 'vitest'
import { CHILD_KEYS, forEachChild, forEachChildByEnumeration } from '../src/child-keys.ts'
import { spliceWithMap } from '../src/source-map.ts'
import type { TextInsert } from '../src/source-map.ts'

const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url))
const fixtures = readdirSync(fixturesDir).filter(name => name.endsWith('.js')).sort()
  .map(name => ({ name, code: readFileSync(`${fixturesDir}${name}`, 'utf8') }))

/** Syntax the fixtures may not have: every node type of the table at least once. */
const EXTRA_MODULE = `
import def, * as ns from 'a'
import { x as y, "s" as z } from 'b' with { type: 'json' }
export * from 'c'
export * as n from 'd'
export { y as default, z }
label: for (;;) { switch (y) { case (() => 1)(): (() => 2)(); break label; default: continue label } }
do debugger; while (0);
for (const k in ns) ;
const t = tag\`a\${() => 1}b\`, m = import.meta, i = import('e', { with: {} })
class K extends (class {}) { static { this.s = 1 } #p = 1; static q; get g() { return this.#p } set g(v) {} has(o) { return #p in o } }
async function* g() { for await (const v of y) yield* v; await new.target?.x }
var { a = 1, ...r } = {}, [b, , ...c] = [], f = (...args) => args ?? a?.[0] ?? -b++
`

type Node = { type: string, start: number, end: number, [key: string]: unknown }

function parseAcorn(code: string, sourceType: 'module' | 'script'): Node | null {
  try {
    return parse(code, { ecmaVersion: 'latest', sourceType, allowHashBang: true, preserveParens: true, allowReturnOutsideFunction: sourceType === 'script' }) as unknown as Node
  }
  catch {
    return null
  }
}

function preOrder(root: Node, children: typeof forEachChild): Node[] {
  const nodes: Node[] = []
  const visit = (node: Node): void => {
    nodes.push(node)
    children(node, visit)
  }
  visit(root)
  return nodes
}

const sources = [...fixtures, { name: 'every node type', code: EXTRA_MODULE }]

describe('child-key table', () => {
  it('visits children in the order of a for…in walk', () => {
    for (const { name, code } of sources) {
      for (const sourceType of ['module', 'script'] as const) {
        const root = parseAcorn(code, sourceType)
        if (!root) continue
        const byTable = preOrder(root, forEachChild).map(node => `${node.type}@${node.start}`)
        const byEnumeration = preOrder(root, forEachChildByEnumeration).map(node => `${node.type}@${node.start}`)
        expect(byTable, `${name} (${sourceType})`).toEqual(byEnumeration)
      }
    }
  })

  it('covers every node type in the sources', () => {
    const root = parseAcorn(EXTRA_MODULE, 'module')!
    const missing = preOrder(root, forEachChildByEnumeration).filter(node => CHILD_KEYS[node.type] === undefined)
    expect(missing.map(node => node.type)).toEqual([])
  })
})

function magicStringOutput(code: string, inserts: readonly (TextInsert & { isClose: boolean })[], source: string): { code: string, map: string } {
  const s = new MagicString(code)
  for (const insert of inserts) {
    if (insert.isClose) s.appendLeft(insert.pos, insert.text)
    else s.appendRight(insert.pos, insert.text)
  }
  return { code: s.toString(), map: s.generateMap({ source, includeContent: true, hires: 'boundary' }).toString() }
}

describe('spliceWithMap', () => {
  const text = fc.constantFrom('{', '})', 'try{', '\n', 'a\nb', '__es0u(1,__es0t,', ';x\n\ny;')
  const original = fc.string({ unit: fc.constantFrom('a', 'b', '_', '1', ' ', '(', ')', '\n', '\r', '\t', 'é', '😀', '$', '.'), minLength: 1, maxLength: 60 })

  // Non-empty originals: instrument() never gets here with an empty module, and magic-string orders
  // inserts into an empty string differently.
  it('equals magic-string (appendLeft for closes, appendRight for opens) with hires: boundary', () => {
    fc.assert(fc.property(original, fc.array(fc.tuple(fc.nat(), fc.boolean(), text), { maxLength: 12 }), (code, raw) => {
      const inserts = raw
        .map(([pos, isClose, insert]) => ({ pos: pos % (code.length + 1), isClose, text: insert }))
        // Output order at one offset: closes (appendLeft) before opens (appendRight), each as called.
        .sort((a, b) => a.pos - b.pos || Number(b.isClose) - Number(a.isClose))
      const ours = spliceWithMap(code, inserts, 'src\\dir/file.js')
      expect({ code: ours.code, map: ours.map.toString() }).toEqual(magicStringOutput(code, inserts, 'src\\dir/file.js'))
    }), { numRuns: 500 })
  })

  it('equals magic-string on the fixtures with inserts at every statement', () => {
    for (const { name, code } of fixtures) {
      const inserts = [...code.matchAll(/[;{}]/g)].flatMap(match => [
        { pos: match.index, isClose: true, text: ')' },
        { pos: match.index + 1, isClose: false, text: '(' },
      ]).sort((a, b) => a.pos - b.pos || Number(b.isClose) - Number(a.isClose))
      const ours = spliceWithMap(code, inserts, name)
      expect({ code: ours.code, map: ours.map.toString() }, name).toEqual(magicStringOutput(code, inserts, name))
    }
  })

  it('adds a segment at each anchor, mapping it to the insert\'s position (or the character before it), and else the same map', () => {
    fc.assert(fc.property(original, fc.array(fc.tuple(fc.nat(), fc.boolean(), text, fc.array(fc.nat(), { maxLength: 3 }), fc.boolean()), { maxLength: 8 }), (code, raw) => {
      const inserts = raw
        .map(([pos, isClose, insert, at, anchorBefore]) => ({ pos: pos % (code.length + 1), isClose, text: insert, anchors: [...new Set(at.map(a => a % insert.length))].sort((a, b) => a - b), anchorBefore }))
        .sort((a, b) => a.pos - b.pos || Number(b.isClose) - Number(a.isClose))
      const ours = spliceWithMap(code, inserts, 'file.js')
      const plain = spliceWithMap(code, inserts.map(({ anchors: _, anchorBefore: __, ...insert }) => insert), 'file.js')
      expect(ours.code).toBe(plain.code)
      // Where each anchored character lands in the output, and the original line and column of its insert.
      const expected: string[] = []
      let outAt = 0
      let from = 0
      const outLineCol = (text: string, at: number): string => {
        const before = text.slice(0, at)
        return `${before.split('\n').length - 1}:${before.length - before.lastIndexOf('\n') - 1}`
      }
      for (const insert of inserts) {
        outAt += insert.pos - from
        from = insert.pos
        const original = outLineCol(code, insert.anchorBefore && insert.pos > 0 ? insert.pos - 1 : insert.pos).split(':').map(Number)
        for (const a of insert.anchors) expected.push(`${outLineCol(ours.code, outAt + a)} -> ${original[0]! + 1}:${original[1]}`)
        outAt += insert.text.length
      }
      const segments = (map: typeof ours.map): string[] => {
        const traced = new TraceMap(JSON.parse(map.toString()) as EncodedSourceMap)
        return decodedMappings(traced).flatMap((line, l) => line.map(s => `${l}:${s[0]} -> ${s[2]! + 1}:${s[3]}`))
      }
      const before = segments(plain.map)
      const after = segments(ours.map)
      expect(after.filter(s => !before.includes(s)).sort()).toEqual(expected.sort())
      expect(before.filter(s => !after.includes(s))).toEqual([])
    }), { numRuns: 300 })
  })

  it('has the shape of a magic-string map, with a data URL that survives non-Latin-1 text', () => {
    const { map } = spliceWithMap('const s = "😀"\n', [{ pos: 0, text: '/*x*/' }], 'a.js')
    expect(Object.keys(JSON.parse(map.toString()))).toEqual(['version', 'sources', 'sourcesContent', 'names', 'mappings'])
    const url = map.toUrl()
    expect(JSON.parse(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64').toString('utf8')).sourcesContent).toEqual(['const s = "😀"\n'])
  })
})
