import type { TopSelfRow, TraceSummary } from '@execscope/store'
import { relative } from 'node:path'

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length)
}

const MAX_MESSAGE = 80

/**
 * A thrown value that is not an Error, from its preview (JSON; tagged arrays for what JSON lacks,
 * see @execscope/runtime's value-preview.ts) to how JavaScript would show it: `Symbol(done)`,
 * `undefined`, a string as itself, an object by its class.
 */
export function thrownValueText(preview: string): string {
  let value: unknown
  try {
    value = JSON.parse(preview)
  }
  catch {
    return preview
  }
  if (typeof value === 'string') return value
  if (!Array.isArray(value) || typeof value[0] !== 'string') return preview
  const [tag, a] = value as [string, unknown]
  switch (tag) {
    case 'u': return 'undefined'
    case 'n': return String(a)
    case 'str': return `${String(a)}…`
    case 'big': return `${String(a)}n`
    case 'sym': return `Symbol(${typeof a === 'string' ? a : ''})`
    case 'fn': return `function ${typeof a === 'string' && a ? a : '(anonymous)'}`
    case 'obj': return `${typeof a === 'string' ? a : 'Object'} {…}`
    case 'date': return String(a)
    default: return preview
  }
}

/** The most frequent thrown errors, one line each: count, `Name: message`, where first thrown. */
function topErrors(summary: TraceSummary): string[] {
  const errors = summary.topErrors ?? []
  if (errors.length === 0) return []
  const counts = errors.map(row => `${row.count}×`)
  const width = Math.max(...counts.map(count => count.length))
  // An error whose message the preview could not read (zod's ZodError computes it in a getter,
  // which previews never run) shows its name alone, not "ZodError: ".
  const texts = errors.map(row => (row.errorName ? (row.message ? `${row.errorName}: ${row.message}` : row.errorName) : thrownValueText(row.message)).replace(/\s+/g, ' '))
  const shown = shortMessages(texts)
  return [
    `  most thrown:`,
    ...errors.map((row, i) => {
      const where = row.file ? ` (${row.name} ${row.file}:${row.line})` : ` (${row.name})`
      return `    ${counts[i]!.padStart(width)} ${shown[i]}${where}`
    }),
  ]
}

/**
 * Each message cut to MAX_MESSAGE characters, at its end; but messages that differ only past the
 * cut (`… value="a"` and `… value="b"`, a value appended to a long text) would then show as the
 * same line twice, so those lose their middle instead, keeping the end that tells them apart.
 */
function shortMessages(texts: string[]): string[] {
  const heads = texts.map(text => (text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text))
  return texts.map((text, i) => {
    const head = heads[i]!
    if (head === text || !heads.some((other, j) => other === head && texts[j] !== text)) return head
    const front = Math.ceil((MAX_MESSAGE - 1) / 2)
    return `${text.slice(0, front)}…${text.slice(text.length - (MAX_MESSAGE - 1 - front))}`
  })
}

/** How many state changes, and the targets changed most. */
function stateLine(summary: TraceSummary): string[] {
  if (!summary.stateChanges) return []
  const top = (summary.topStateTargets ?? []).map(row => `${row.target} ${row.changes}×${row.threads > 1 ? ` in ${row.threads} threads` : ''}`).join(', ')
  return [`  state changes    ${summary.stateChanges}${top ? ` (most changed: ${top})` : ''}`]
}

/** Right-aligned columns after the first two (name, file:line), under `header`. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(row => row[i]!.length)))
  const line = (cells: string[]): string => `    ${cells.map((cell, i) => (i >= 2 ? cell.padStart(widths[i]!) : pad(cell, widths[i]!))).join('  ')}`
  return [line(header), ...rows.map(line)]
}

/**
 * The functions with the most counted calls: where hot code is, which the self times above do not
 * show, since a counted call's time is in the self time of the recorded call it ran in.
 */
function topCounted(summary: TraceSummary): string[] {
  const rows = (summary.topCounted ?? []).map(row => [row.name, place(row), String(row.counted), String(row.recorded)])
  if (rows.length === 0) return []
  return [
    summary.calls === 0
      ? `  top ${rows.length} functions by calls counted:`
      : `  hot functions, counted (not timed: their time is in the self time of the recorded calls they ran in):`,
    ...table(['name', 'file:line', 'counted', 'recorded'], rows),
  ]
}

/** A site the trace has no manifest row for: shown as `site#<id>`, with no place. */
const UNNAMED_RE = /^site#\d+$/

/**
 * When functions show as `site#<id>`, what names them: their build's manifest, which a collector
 * or `execscope ingest` reads beside the trace file unless `--sites` names it.
 */
function unnamedHint(summary: TraceSummary): string[] {
  const rows = [...summary.topSelf, ...(summary.topCounted ?? []), ...(summary.topErrors ?? [])]
  if (!rows.some(row => !row.file && UNNAMED_RE.test(row.name))) return []
  return [
    `  unnamed          functions shown as site#<id> have no name in the trace: their build's .execscope/sites.json (or, for --import execscope/register, the .execscope/sites/ of the program's working directory) was not stored.`,
    `                   Put it beside the trace file (a running \`execscope serve\` reads it within a second), or give it to \`execscope serve --sites <path>\` or \`execscope ingest --sites <path>\`.`,
  ]
}

/** `file:line`, or nothing for a row with no place (the functions sharing a counter, a site missing from the manifest). */
function place(row: { file: string, line: number }): string {
  return row.file ? `${row.file}:${row.line}` : ''
}

/** Renders a trace summary as the plain-text table the demo and `execscope summary` print. */
export function formatSummary(summary: TraceSummary, options: { cwd?: string } = {}): string {
  const file = options.cwd ? relative(options.cwd, summary.file) || summary.file : summary.file
  // A function none of whose calls was recorded (all counted) has no self time to show.
  const top = summary.topSelf.filter(row => row.calls > 0)
  // A sampled function's untimed calls add no self time of their own: their time is in their callers'.
  const isSampled = (row: TopSelfRow): boolean => row.timedCalls !== undefined && row.timedCalls < row.calls
  const rows = top.map(row => [row.name, place(row), isSampled(row) ? `${row.calls} (${row.timedCalls} timed)` : String(row.calls), row.selfMs.toFixed(3)])
  const sampledNote = top.some(isSampled) ? ['    (self-ms counts the timed calls; the time of the others is in their callers\' self time)'] : []
  return [
    'execscope trace summary',
    `  calls recorded   ${summary.calls}`,
    ...(summary.countedCalls ? [`  calls counted    ${summary.countedCalls} (${summary.calls === 0 ? 'counted only: level `count`' : 'hot, short functions: counted between recorded samples'})`] : []),
    `  threads          ${summary.threads} (in ${summary.sessions} session${summary.sessions === 1 ? '' : 's'})`,
    `  thrown errors    ${summary.errors}${summary.errors !== summary.throws ? ` (${summary.throws} calls ended by throwing)` : ''}`,
    `  dropped events   ${summary.dropped}${summary.unsent ? ` (${summary.unsent} never sent: the page closed or the process ended first)` : ''}`,
    ...stateLine(summary),
    ...(summary.messages?.total ? [`  messages         ${summary.messages.total} between threads and their workers (${summary.messages.paired} with both sides recorded)`] : []),
    ...(summary.recordingCost == null ? [] : [`  recording cost   ≈ ${(summary.recordingCost * 100).toFixed(1)}% of the run (the runtime's own estimate of its recording, not counting the instrumented code's own slowdown)`]),
    ...(rows.length > 0 ? [`  top ${rows.length} functions by self time:`, ...table(['name', 'file:line', 'calls', 'self-ms'], rows), ...sampledNote] : []),
    ...topCounted(summary),
    ...topErrors(summary),
    ...unnamedHint(summary),
    `  trace file       ${file}`,
  ].join('\n')
}
