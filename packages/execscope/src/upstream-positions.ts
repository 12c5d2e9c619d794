import type { InstrumentPlan, SiteRow } from '@execscope/core'
import type { EncodedSourceMap } from '@jridgewell/trace-mapping'
import { decodedMappings, GREATEST_LOWER_BOUND, originalPositionFor, TraceMap, traceSegment } from '@jridgewell/trace-mapping'

const POSITION_IN_NAME_RE = /@(\d+):(\d+)>/g

/** A webpack request through a loader (`…/vue-loader/dist/index.js??ruleSet[1]…!/app/src/App.vue?vue&type=script`). */
const LOADER_REQUEST_RE = /[\\/]node_modules[\\/](?:@[^\\/!]+[\\/])?([^\\/!]*loader[^\\/!]*)[\\/][^!]*!/

/**
 * The loader whose output the map describes instead of the file, when a loader after it did not
 * compose its own map with the one it was given and named its source by the request (ts-loader
 * after vue-loader: `appendTsSuffixTo` renames the file, and the two maps no longer meet). The
 * functions are then placed by the lines of that output (Vue's compiled `<script setup>`, with the
 * template's render function), which are not the file's.
 */
export function loaderOutputSource(upstream: EncodedSourceMap | null | undefined): string | undefined {
  for (const source of upstream?.sources ?? []) {
    const loader = typeof source === 'string' ? LOADER_REQUEST_RE.exec(source)?.[1] : undefined
    if (loader !== undefined) return loader
  }
  return undefined
}

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
  const svelte = svelteSource(map)
  return sites.map((site) => {
    // A function without a place of its own here is a Svelte component (see svelteComponentAt):
    // it stands for the whole file.
    const isComponent = svelte !== undefined && !hasOwnMapping(map, site.line, site.column)
    const at = isComponent ? { line: 1, column: 1, source: svelte } : functionStartInSource(map, site.line, site.column, site.kind === 'arrow')
    // A map of several sources (a bundle and its map file) places each site in its own source file.
    const file = at?.source != null && fileOf ? fileOf(at.source) ?? site.file : site.file
    // Anonymous functions are named by position (`<arrow@12:8>`): name the source position too.
    const name = site.name.replace(POSITION_IN_NAME_RE, (whole, line: string, column: string) => {
      const mapped = functionStartInSource(map, Number(line), Number(column), true)
      return mapped ? `@${mapped.line}:${mapped.column}>` : whole
    })
    return at ? { ...site, file, line: at.line, column: at.column, name } : { ...site, name }
  })
}

interface SourcePosition { line: number, column: number, source: string | null }

/**
 * Where the function that starts at `line`:`column` (1-based) of the compiled module starts in
 * the source. Compilers often leave that first token without a segment of its own (esbuild and
 * oxc the `(` of `() =>`, oxc that of `(x) =>` too), or give it one that points elsewhere (babel
 * maps `count =>`, which was `(count) =>`, to the parameter; esbuild maps the `export` it writes
 * in front of `function` to the `function`). The start is then placed by its distance in the
 * output from the mapped tokens around it: the one after it (usually its first parameter or its
 * body) or the one before it, whichever the text the compiler removed or added between them
 * (type annotations, parentheses, `export `) cannot have moved.
 */
function functionStartInSource(map: TraceMap, line: number, column: number, isArrow: boolean): SourcePosition | undefined {
  const generated = column - 1
  // The mapped segments around it: `before` at or before it (`previous` the one before that), `next` at or after.
  const segments = decodedMappings(map)[line - 1] ?? []
  // Binary search for the first segment at or after it: a minified bundle's one line has
  // hundreds of thousands of segments, and as many functions.
  let low = 0
  for (let high = segments.length; low < high;) {
    const middle = (low + high) >>> 1
    if (segments[middle]![0] < generated) low = middle + 1
    else high = middle
  }
  const mappedFrom = (at: number, step: number): { segment: MappedSegment | undefined, at: number } => {
    while (at >= 0 && at < segments.length && segments[at]!.length === 1) at += step
    return { segment: at >= 0 && at < segments.length ? segments[at] as MappedSegment : undefined, at }
  }
  const after = mappedFrom(low, 1)
  const next = after.segment
  // At or before it: `next` itself when it starts right here.
  const atOrBefore = next !== undefined && next[0] === generated ? after : mappedFrom(low - 1, -1)
  const before = atOrBefore.segment
  const previous = before === undefined ? undefined : mappedFrom(atOrBefore.at - 1, -1).segment
  const sourceOf = (segment: MappedSegment, column: number): SourcePosition => ({ line: segment[2] + 1, column: column + 1, source: map.resolvedSources[segment[1]] ?? null })
  if (before === undefined) {
    // Before the first segment of its line (indentation a transform added): the first one after it.
    return next && sourceOf(next, Math.max(0, next[3] - (next[0] - generated)))
  }
  if (before === next) {
    // A segment of its own, unless it names an identifier: babel's for the parameter of `count =>`,
    // which may have been `(count) =>` (the `(` right before it, if the token before leaves room).
    if (!isArrow || before.length !== 5 || previous === undefined || previous[1] !== before[1] || previous[2] !== before[2]) return sourceOf(before, before[3])
    const fromPrevious = previous[3] + (generated - previous[0])
    return sourceOf(before, Math.max(before[3] - 1, Math.min(before[3], fromPrevious)))
  }
  // As far from the token before it as in the output.
  const fromBefore = before[3] + (generated - before[0])
  if (next === undefined || next[1] !== before[1]) return sourceOf(before, fromBefore)
  // As far from the token after it as in the output.
  const fromNext = Math.max(0, next[3] - (next[0] - generated))
  // On another line than the token before it (oxc joins `map(\n  (x) => x)` into one line), unless
  // that puts it on blank space: then its parameters were on lines of their own (`(\n  a: A,\n) =>`).
  if (next[2] !== before[2]) return isBlankAt(map, next, fromNext) ? sourceOf(before, fromBefore) : sourceOf(next, fromNext)
  // Text the output has and the source has not: in an arrow, the parentheses oxc puts around its
  // one parameter, after the start; in front of a function, what the compiler wrote there
  // (esbuild's `export `, mapped to the `function` after it; solid-refresh's `_$$component(…, `).
  if (fromNext < fromBefore) return sourceOf(before, isArrow ? Math.min(fromBefore, next[3]) : fromNext)
  // Text the source has and the output has not (types) may lie on either side: nothing does
  // between an arrow's `(` and its first parameter but its type parameters before the `(`;
  // everything from its parameters' types to its return type may lie between it and its body.
  if (next[0] - generated > 1) return sourceOf(before, fromBefore)
  return sourceOf(before, isArrow ? arrowStart(map, next, fromBefore) : fromNext)
}

/** Source lines by map and source index: read only for the few sites that need them. */
const sourceLines = new WeakMap<TraceMap, Map<number, string[] | null>>()

/** The source text of `segment`'s line, when the map has it. */
function sourceLineOf(map: TraceMap, segment: MappedSegment): string | undefined {
  let byIndex = sourceLines.get(map)
  if (byIndex === undefined) sourceLines.set(map, byIndex = new Map())
  let lines = byIndex.get(segment[1])
  if (lines === undefined) {
    const content = map.sourcesContent?.[segment[1]]
    byIndex.set(segment[1], lines = typeof content === 'string' ? content.split('\n') : null)
  }
  return lines?.[segment[2]]
}

/** Whether the source text of `segment`'s line is blank at `column` (false when the map has no text). */
function isBlankAt(map: TraceMap, segment: MappedSegment, column: number): boolean {
  const text = sourceLineOf(map, segment)
  return text !== undefined && (column >= text.length || /\s/.test(text[column]!))
}

/** A parameter followed by the arrow: it had no parentheses. */
const LONE_PARAMETER_RE = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*\s*=>/u

/**
 * Where in the source the arrow starts whose first parameter `parameter` is, right after the `(`
 * in the output: at that `(`, or at the `<` of its type parameters (`<T,>(x: T) => x`) if they
 * come after `limit`, or at the parameter if the compiler added the parentheses (oxc:
 * `resolve =>` → `(resolve) =>`). At the `(` when the map has no source text.
 */
function arrowStart(map: TraceMap, parameter: MappedSegment, limit: number): number {
  const column = parameter[3] - 1
  const text = sourceLineOf(map, parameter)
  if (text === undefined) return Math.max(0, column)
  if (LONE_PARAMETER_RE.test(text.slice(parameter[3]))) return parameter[3]
  let end = column - 1
  while (end > limit && /\s/.test(text[end]!)) end--
  if (text[end] !== '>') return column
  for (let at = end - 1, depth = 1; at >= limit; at--) {
    if (text[at] === '>') depth++
    else if (text[at] === '<' && --depth === 0) return at
  }
  return column
}

type MappedSegment = Exclude<ReturnType<typeof decodedMappings>[number][number], [number]>

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
export function sourceOnlyPlan(plan: InstrumentPlan, upstream: EncodedSourceMap, code?: string): InstrumentPlan {
  if (!upstream.mappings || !/[^;,]/.test(upstream.mappings)) return plan
  const map = traceMapOf(upstream)
  if (map === null) return plan
  const component = code === undefined ? undefined : svelteComponentAt(code, map)
  return {
    levelFor: (fn) => {
      if (!hasOwnMapping(map, fn.line, fn.column)) return component?.(fn.line, fn.column) ? plan.levelFor(fn) : 'off'
      // A function the compiler wrote into a statement of its own (swc's React Refresh signature,
      // `_s(App, "…", false, function () { return [useLocation] })`) has no mapping of its own
      // and borrows the name's before it: placed by its distance from that, it lands past the end
      // of the source line, where nothing the user wrote starts.
      const start = functionStartInSource(map, fn.line, fn.column, false)
      return start && isPastLineEnd(map, start) ? 'off' : plan.levelFor(fn)
    },
  }
}

/** Whether the compiled module's `line`:`column` (1-based) has a mapping at or before it on its line. */
function hasOwnMapping(map: TraceMap, line: number, column: number): boolean {
  return originalPositionFor(map, { line, column: column - 1, bias: GREATEST_LOWER_BOUND }).line != null
}

/** The single `.svelte` file a map comes from, if it does. */
function svelteSource(map: TraceMap): string | undefined {
  const sources = map.resolvedSources.filter(source => typeof source === 'string' && /\.svelte$/.test(source))
  return sources.length === 1 ? sources[0] : undefined
}

/** Svelte 5's component function, `export default function App($$anchor, $$props) {…}`. */
const SVELTE_COMPONENT_RE = /^function\s+[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*\s*\(\s*\$\$anchor\b/u

/**
 * For a module compiled from a `.svelte` file, whether a function at `line`:`column` is the
 * component: Svelte compiles the component's `<script>` into the body of a function of its own
 * making, which the map leaves without a place. It is the user's component (the calls its script
 * makes as it mounts are made in it), so it is recorded, placed at the top of the file (see
 * mapSitesToSource). Undefined when the map is not a `.svelte` file's.
 */
function svelteComponentAt(code: string, map: TraceMap): ((line: number, column: number) => boolean) | undefined {
  if (svelteSource(map) === undefined) return undefined
  const textAt = textAtPosition(code)
  return (line, column) => SVELTE_COMPONENT_RE.test(textAt(line, column))
}

/**
 * The first 256 characters of `code` from a 1-based `line`:`column` (a function's start, as the
 * plan is given it), for a pattern to test; the line starts are found on the first call.
 */
function textAtPosition(code: string): (line: number, column: number) => string {
  let lineStarts: number[] | undefined
  return (line, column) => {
    if (!lineStarts) {
      lineStarts = [0]
      for (let at = code.indexOf('\n'); at !== -1; at = code.indexOf('\n', at + 1)) lineStarts.push(at + 1)
    }
    const start = (lineStarts[line - 1] ?? Number.NaN) + column - 1
    return Number.isNaN(start) ? '' : code.slice(start, start + 256)
  }
}

/** Whether `position` lies past the end of its source line (false when the map has no text). */
function isPastLineEnd(map: TraceMap, position: SourcePosition): boolean {
  const index = position.source === null ? -1 : map.resolvedSources.indexOf(position.source)
  const content = index < 0 ? undefined : map.sourcesContent?.[index]
  if (typeof content !== 'string') return false
  const text = content.split('\n', position.line)[position.line - 1]
  return text !== undefined && position.column - 1 >= text.replace(/\r$/, '').length
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

/** The static block esbuild's `keepNames` gives a class: `static { __name(this, "Cart"); }` (`__name2` when the name is taken). */
const KEEP_NAMES_BLOCK_RE = /^static\s*\{\s*__name\d*\(\s*this\s*,\s*(["'`])[^"'`\n]*\1\s*\)\s*;?\s*\}/

/**
 * `plan`, except for the static blocks esbuild's `keepNames` (tsx, `--keep-names`) writes into
 * every class to keep its name: the map places such a block at the first line of the file, where
 * it would show up as a function `Cart.<static>` of the user's, called once for each class defined.
 */
function withoutKeepNamesBlocks(plan: InstrumentPlan, code: string): InstrumentPlan {
  if (!code.includes('__name')) return plan
  const textAt = textAtPosition(code)
  return {
    levelFor: fn => (fn.name.endsWith('<static>') && KEEP_NAMES_BLOCK_RE.test(textAt(fn.line, fn.column)) ? 'off' : plan.levelFor(fn)),
  }
}

/**
 * `plan` for the functions of `code` that the user wrote: not those the toolchain before us added
 * (sourceOnlyPlan, when it left a map; esbuild's `keepNames` blocks), nor istanbul's counter function.
 */
export function userCodePlan(plan: InstrumentPlan, code: string, upstream: EncodedSourceMap | null | undefined): InstrumentPlan {
  return withoutKeepNamesBlocks(withoutCoverageCounter(upstream ? sourceOnlyPlan(plan, upstream, code) : plan, code), code)
}
