import { INSTRUMENTED_MARKER, RUNTIME_SPECIFIER } from '@execscope/core'
import type { InstrumentPlan, PlannedFunction, SiteRow } from '@execscope/core'
import { analyzeModule } from './analyze.ts'
import type { ModuleAnalysis } from './analyze.ts'
import { assignSites } from './assign-sites.ts'
import { emitInstrumentation } from './emit.ts'
import type { InstrumentedFunction, InstrumentedState } from './emit.ts'
import { pickPrefix } from './hygiene.ts'
import { createLineIndex } from './line-index.ts'
import type { LineIndex } from './line-index.ts'
import { ignoredFunctions, IGNORE_PRAGMA, isFileIgnored } from './ignore-pragmas.ts'
import { withOriginalNames } from './function-name.ts'
import { headerPosition, isAlreadyInstrumented, moduleHeader } from './module-header.ts'
import type { ExtraFunction } from './module-header.ts'
import { parseModule } from './parse-module.ts'
import type { ParsedModule } from './parse-module.ts'
import { captureAcornHelpers, SHAPE_ANCHOR_SOURCE } from './shape-anchor.ts'
import type { FunctionInfo } from './types.ts'
import { spliceWithMap } from './source-map.ts'
import type { SourceMap, TextInsert } from './source-map.ts'

export interface InstrumentOptions {
  /** Called once with a located message when the module is left untouched (parse error, still TypeScript/JSX). */
  onWarning?: (message: string) => void
  /**
   * What the warning about a module that still contains TypeScript or JSX tells to do, for hosts
   * that are not bundler plugins (Jest, Node's module hooks). @default running after the bundler's
   * TS/JSX transform (`enforce: 'post'`)
   */
  typeScriptHint?: string
  /**
   * How to parse: `auto` tries an ES module first and falls back to a script (classic script or
   * CommonJS); a file without import/export that reads like CommonJS is treated as a script.
   * @default 'auto'
   */
  sourceType?: 'module' | 'script' | 'auto'
  /** Specifier for the runtime import in ES modules. @default RUNTIME_SPECIFIER */
  runtimeSpecifier?: string
  /**
   * The name an identifier of the input had in its source, when a minifier renamed it: given its
   * 1-based line, 0-based column and name here, as a source map's `names` tell (a bundle run under
   * `--import execscope/register` with its map file). Functions and classes are named with it
   * (`_Tokenizer.emStrong` rather than `y.emStrong`); undefined keeps the name as written.
   */
  originalName?: (line: number, column: number, name: string) => string | undefined
  /**
   * Puts every statement and function that instrumenting adds on lines of their own, with no
   * original text: coverage that maps the code as it runs back to the source (V8's, as Vitest
   * reports it) then finds no source for them and counts only the user's own. Off by default:
   * the output keeps the input's lines, so a stack trace read without the map still names them.
   */
  ownLines?: boolean
  /**
   * For CommonJS that runs in a vm context of a Node process (Jest's test environments, whose
   * globalThis is not the process's): when `globalThis.__execscope` is missing as the module loads,
   * the header takes the runtime from `require('node:module')[Symbol.for('execscope.runtime')]`.
   * Scripts only (ES modules import the runtime); never for browsers, where there is no `require`.
   * Off by default.
   */
  realmRuntime?: boolean
}

export interface InstrumentResult {
  code: string
  /**
   * Relative to the input (never combined with an upstream map); maps every original token, like
   * magic-string's `hires: 'boundary'` map of the same edit, and includes the original content.
   */
  map: SourceMap
  /** One row per instrumented function. */
  sites: SiteRow[]
}

const CALLS_EVERYWHERE: InstrumentPlan = { levelFor: () => 'calls' }

/** Everything one run built on its way to the result. */
interface Stages {
  parsed: ParsedModule
  lines: LineIndex
  analysis: ModuleAnalysis
  chosen: InstrumentedFunction[]
  inserts: TextInsert[]
  result: InstrumentResult
}

function instrumentUnsafe(code: string, id: string, plan: InstrumentPlan, options: InstrumentOptions): Stages | null {
  const outcome = parseModule(code, id, options.sourceType ?? 'auto', code.includes(INSTRUMENTED_MARKER) || code.includes(IGNORE_PRAGMA), options.typeScriptHint)
  if (!outcome.ok) {
    options.onWarning?.(outcome.message)
    return null
  }
  const { ast, sourceType, comments } = outcome.parsed
  if (isAlreadyInstrumented(ast, comments) || isFileIgnored(comments)) return null

  const lines = createLineIndex(code)
  const isModule = sourceType === 'module'
  const lookup = options.originalName
  const rename = lookup && ((offset: number, name: string): string => {
    const { line, column } = lines.locate(offset)
    return lookup(line, column - 1, name) ?? name
  })
  const analysis = withOriginalNames(rename, () => analyzeModule(ast, code, isModule, lines))
  const { functions, stateSites } = analysis
  const keyNames: string[] = []
  for (const fn of functions) keyNames.push(fn.keyName)
  // After the functions', so a state site never shifts a function's id.
  for (const state of stateSites) keyNames.push(`state:${state.ownerKeyName}.${state.key}`)
  const identities = assignSites(id, keyNames)
  // After the ids: a function left out keeps its id from shifting the others'.
  const ignored = ignoredFunctions(comments, functions)

  const chosen: InstrumentedFunction[] = []
  const sites: SiteRow[] = []
  /** Functions recorded at level `full`: their assignments to `this` are state changes. */
  const recordsState = new Set<FunctionInfo>()
  for (let index = 0; index < functions.length; index++) {
    const info = functions[index]!
    if (info.skipReason || ignored.has(info)) continue
    const { key, siteId } = identities[index]!
    const { line, column } = lines.locate(info.offset)
    const planned: PlannedFunction = { key, name: info.displayName, file: id, line, column }
    const level = plan.levelFor(planned)
    if (level === 'off') continue
    if (level === 'full') recordsState.add(info)
    chosen.push({ info, siteId, withValues: level === 'values' || level === 'full', isCountOnly: level === 'count' })
    sites.push({ siteId, key, kind: info.kind, name: info.displayName, file: id, line, column, isAsync: info.isAsync, isGenerator: info.isGenerator })
  }
  if (chosen.length === 0) return null
  const states: InstrumentedState[] = []
  for (let index = 0; index < stateSites.length; index++) {
    const state = stateSites[index]!
    if (!recordsState.has(state.fn)) continue
    const { key, siteId } = identities[functions.length + index]!
    const { line, column } = lines.locate(state.offset)
    states.push({ state, siteId })
    sites.push({ siteId, key, kind: 'state', name: `${state.ownerName}.${state.key}`, file: id, line, column, isAsync: false, isGenerator: false })
  }

  const prefix = pickPrefix(code)
  const position = headerPosition(code, ast)
  const extra: ExtraFunction[] = []
  if (chosen.some(fn => fn.isCountOnly)) extra.push('k')
  if (states.length > 0) extra.push('o', 'c')
  if (chosen.some(fn => fn.withValues)) extra.push('p', 'v', 'q', 'y')
  const header = (position.needsSemicolon ? ';' : '') + moduleHeader(prefix, isModule, options.runtimeSpecifier ?? RUNTIME_SPECIFIER, extra, options.realmRuntime === true)
  const inserts = emitInstrumentation(code, chosen, prefix, { pos: position.pos, text: header }, states, options.ownLines === true)
  const output = spliceWithMap(code, inserts, id)
  return { parsed: outcome.parsed, lines, analysis, chosen, inserts, result: { code: output.code, map: output.map, sites } }
}

/**
 * The stages of instrumenting SHAPE_ANCHOR_SOURCE and acorn's helper objects, referenced here for
 * the life of the process: see shape-anchor.ts for why.
 */
let shapeAnchor: unknown[] | undefined

function anchorShapes(): void {
  shapeAnchor = []
  try {
    shapeAnchor.push(instrumentUnsafe(SHAPE_ANCHOR_SOURCE, 'execscope:shape-anchor.js', CALLS_EVERYWHERE, {}), ...captureAcornHelpers())
  }
  catch {
    // Only a matter of speed.
  }
}

/**
 * Instruments one module by injecting runtime calls into function bodies; function values are
 * never wrapped or replaced. `id` is the path relative to the project root, `/`-separated: the
 * `file` of every site, the map's source and part of each site key. Returns null when there is
 * nothing to do (already instrumented, nothing instrumentable, parse failure). Never throws.
 * @example instrument(code, 'src/store.js')?.code
 */
export function instrument(code: string, id: string, plan: InstrumentPlan = CALLS_EVERYWHERE, options: InstrumentOptions = {}): InstrumentResult | null {
  if (shapeAnchor === undefined) anchorShapes()
  try {
    return instrumentUnsafe(code, id, plan, options)?.result ?? null
  }
  catch (error) {
    // acorn turns its own stack overflow into a located SyntaxError; one in our walk lands here.
    const reason = error instanceof RangeError && /call stack/i.test(error.message)
      ? 'nested too deeply to walk'
      : `internal error: ${error instanceof Error ? error.message : String(error)}`
    options.onWarning?.(`[execscope] Could not instrument ${id} (${reason}); left it uninstrumented.`)
    return null
  }
}
