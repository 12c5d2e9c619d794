import type { InstrumentPlan, SiteRow } from '@execscope/core'
import type { EncodedSourceMap } from '@jridgewell/trace-mapping'
import { GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND, originalPositionFor, TraceMap, traceSegment } from '@jridgewell/trace-mapping'

const POSITION_IN_NAME_RE = /@(\d+):(\d+)>/g

/** Parsed maps, by the map object: a module's plan and its sites read the same one (null: unreadable). */
const parsed = new WeakMap<EncodedSourceMap, TraceMap | null>()

function traceMapOf(upstream: EncodedSourceMap): TraceMap | null {
  let map = parsed.get(upstream)
  if (map === undefined) {
    try {
      map = new TraceMap(upstream)
    }
    catch {
      map = null
    }
    parsed.set(upstream, map)
  }
  return map
}

/**
 * The instrumenter sees the module after TS/JSX lowering; sites must name the line the user wrote.
 * Maps each site through the upstream (combined) source map of the module, when the bundler has
 * one. Only the positions are mapped; the map returned to the bundler stays relative to our input.
 */
export function mapSitesToSource(sites: SiteRow[], upstream: EncodedSourceMap | null | undefined, fileOf?: (source: string) => string | undefined): SiteRow[] {
  if (!upstream || !upstream.mappings) return sites
  const map = traceMapOf(upstream)
  if (map === null) return sites
  const toSource = (line: number, column: number): { line: number, column: number, source: string | null } | undefined => {
    const before = originalPositionFor(map, { line, column: column - 1, bias: GREATEST_LOWER_BOUND })
    const after = (): ReturnType<typeof originalPositionFor> => originalPositionFor(map, { line, column: column - 1, bias: LEAST_UPPER_BOUND })
    // Before the first segment of its line (indentation a transform added): the first one after it.
    if (before.line == null) {
      const next = after()
      return next.line == null ? undefined : { line: next.line, column: next.column + 1, source: next.source }
    }
    const segment = traceSegment(map, line - 1, column - 1)!
    if (segment[0] === column - 1) return { line: before.line, column: before.column + 1, source: before.source }
    // A function that starts with text the compiler wrote or left unmapped (esbuild maps neither
    // the `(` of `() =>` nor the parentheses it puts around an arrow's one parameter) has no
    // segment of its own: it is as far from the token before it as in the output, unless that
    // passes the next token (the compiler removed text between, such as a type annotation).
    const shifted = before.column + (column - 1 - segment[0])
    const next = after()
    const isPastNext = next.line === before.line && next.source === before.source && shifted > next.column
    return { line: before.line, column: (isPastNext ? next.column : shifted) + 1, source: before.source }
  }
  return sites.map((site) => {
    const at = toSource(site.line, site.column)
    // A map of several sources (a bundle and its map file) places each site in its own source file.
    const file = at?.source != null && fileOf ? fileOf(at.source) ?? site.file : site.file
    // Anonymous functions are named by position (`<arrow@12:8>`): name the source position too.
    const name = site.name.replace(POSITION_IN_NAME_RE, (whole, line: string, column: string) => {
      const mapped = toSource(Number(line), Number(column))
      return mapped ? `@${mapped.line}:${mapped.column}>` : whole
    })
    return at ? { ...site, file, line: at.line, column: at.column, name } : { ...site, name }
  })
}

const IDENTIFIER_RE = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u

/**
 * The name an identifier had in the source, where the map names one at exactly its position: what
 * a minifier renamed (`y` → `_Tokenizer`), for `instrument`'s `originalName`. Undefined for a map
 * without names.
 */
export function originalNames(upstream: EncodedSourceMap): ((line: number, column: number, name: string) => string | undefined) | undefined {
  if (!Array.isArray(upstream.names) || upstream.names.length === 0) return undefined
  const map = traceMapOf(upstream)
  if (map === null) return undefined
  return (line, column) => {
    // A segment that starts at the identifier; one before it names something else.
    const segment = traceSegment(map, line - 1, column)
    if (!segment || segment[0] !== column || segment.length !== 5) return undefined
    const name = map.names[segment[4]]
    return typeof name === 'string' && IDENTIFIER_RE.test(name) ? name : undefined
  }
}

/**
 * `plan`, except that functions the toolchain wrote are not instrumented: those with no mapping to
 * the original source at or before their start on their line (React Refresh's `$RefreshReg$`
 * footer, a compiler's `__name` or `__awaiter` helper, even one put on the line of the first
 * statement), which would otherwise show up as the user's code, at a line past the end of their
 * file or in front of their first function. A map with no mappings at all says nothing (a plugin
 * before us left none): then every function keeps its plan.
 */
export function sourceOnlyPlan(plan: InstrumentPlan, upstream: EncodedSourceMap): InstrumentPlan {
  if (!upstream.mappings || !/[^;,]/.test(upstream.mappings)) return plan
  const map = traceMapOf(upstream)
  if (map === null) return plan
  return { levelFor: fn => (originalPositionFor(map, { line: fn.line, column: fn.column - 1, bias: GREATEST_LOWER_BOUND }).line == null ? 'off' : plan.levelFor(fn)) }
}

/** The counter function istanbul puts in a module it instruments (`cov_1x2y3z().s[0]++` for each statement). */
const ISTANBUL_COUNTER_RE = /\b(cov_[0-9a-z]+)\(\)\.[sfb]\[/

/**
 * `plan`, except for istanbul's counter function when the module was instrumented for coverage
 * before us (Vitest's istanbul coverage, babel-plugin-istanbul): it is called for every statement
 * the user wrote, and its position can map to some line of theirs, so `sourceOnlyPlan` does not
 * always tell it from the user's code.
 */
function withoutCoverageCounter(plan: InstrumentPlan, code: string): InstrumentPlan {
  const counter = ISTANBUL_COUNTER_RE.exec(code)?.[1]
  return counter === undefined ? plan : { levelFor: fn => (fn.name === counter ? 'off' : plan.levelFor(fn)) }
}

/**
 * `plan` for the functions of `code` that the user wrote: not those the toolchain before us added
 * (sourceOnlyPlan, when it left a map), nor istanbul's counter function.
 */
export function userCodePlan(plan: InstrumentPlan, code: string, upstream: EncodedSourceMap | null | undefined): InstrumentPlan {
  return withoutCoverageCounter(upstream ? sourceOnlyPlan(plan, upstream) : plan, code)
}
