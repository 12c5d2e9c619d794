import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'acorn'
import { generatedPositionFor, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'
import type { InstrumentPlan, SiteRow } from '@execscope/core'
import { describe, expect, it } from 'vitest'
import { instrument } from '../src/index.ts'

const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url))
const fixtures = readdirSync(fixturesDir).filter(name => name.endsWith('.js')).sort()

function parses(code: string): boolean {
  for (const sourceType of ['module', 'script'] as const) {
    try {
      parse(code, { ecmaVersion: 'latest', sourceType, allowHashBang: true, allowReturnOutsideFunction: sourceType === 'script' })
      return true
    }
    catch {}
  }
  return false
}

function siteTable(sites: SiteRow[]): string {
  const rows = sites.map(site => ` * ${site.kind} ${site.name} @${site.line}:${site.column}${site.isAsync ? ' async' : ''}${site.isGenerator ? ' generator' : ''} ${site.key} = ${site.siteId}`)
  return `\n/* sites:\n${rows.join('\n')}\n */\n`
}

function offsetOf(code: string, line: number, column0: number): number {
  let offset = 0
  for (let l = 1; l < line; l++) offset = code.indexOf('\n', offset) + 1
  return offset + column0
}

describe('instrument fixtures', () => {
  it('has at least 15 fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15)
  })

  for (const name of fixtures) {
    describe(name, () => {
      const id = `test/fixtures/${name}`
      const input = readFileSync(`${fixturesDir}${name}`, 'utf8')
      const warnings: string[] = []
      // `state-*` fixtures are instrumented at level `full`: assignments to `this` become state sites.
      const plan: InstrumentPlan | undefined = name.startsWith('state-') ? { levelFor: () => 'full' } : undefined
      const result = instrument(input, id, plan, { onWarning: message => warnings.push(message) })

      it('matches the snapshot', async () => {
        expect(warnings).toEqual([])
        expect(result).not.toBeNull()
        await expect(result!.code + siteTable(result!.sites)).toMatchFileSnapshot(`./__snapshots__/${name}`)
      })

      it('is a fixed point and still parses', () => {
        expect(parses(result!.code)).toBe(true)
        expect(instrument(result!.code, id)).toBeNull()
      })

      it('maps every site back to its original line and column', () => {
        const map = new TraceMap(result!.map as never)
        expect(result!.map.sources).toEqual([id])
        for (const site of result!.sites) {
          const generated = generatedPositionFor(map, { source: id, line: site.line, column: site.column - 1 })
          expect(generated.line, site.name).not.toBeNull()
          const original = originalPositionFor(map, { line: generated.line!, column: generated.column! })
          expect({ name: site.name, line: original.line, column: original.column! + 1 }).toEqual({ name: site.name, line: site.line, column: site.column })
          // The generated position holds the same token as the original one.
          const from = offsetOf(input, site.line, site.column - 1)
          const token = /^(?:[\w$#]+|\S)/.exec(input.slice(from))![0]
          const to = offsetOf(result!.code, generated.line!, generated.column!)
          expect(result!.code.slice(to, to + token.length)).toBe(token)
        }
      })
    })
  }
})
