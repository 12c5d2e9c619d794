import type { TraceSummary } from '@execscope/store'
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
  return [
    `  most thrown:`,
    ...errors.map((row, i) => {
      // An error whose message the preview could not read (zod's ZodError computes it in a getter,
      // which previews never run) shows its name alone, not "ZodError: ".
      const text = row.errorName ? (row.message ? `${row.errorName}: ${row.message}` : row.errorName) : thrownValueText(row.message)
      const shown = text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text
      const where = row.file ? ` (${row.name} ${row.file}:${row.line})` : ` (${row.name})`
      return `    ${counts[i]!.padStart(width)} ${shown.replace(/\s+/g, ' ')}${where}`
    }),
  ]
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
    `  hot functions, counted (not timed: their time is in the self time of the recorded calls they ran in):`,
    ...table(['name', 'file:line', 'counted', 'recorded'], rows),
  ]
}

/** `file:line`, or nothing for a row with no place (the functions sharing a counter, a site missing from the manifest). */
function place(row: { file: string, line: number }): string {
  return row.file ? `${row.file}:${row.line}` : ''
}

/** Renders a trace summary as the plain-text table the demo and `execscope summary` print. */
export function formatSummary(summary: TraceSummary, options: { cwd?: string } = {}): string {
  const file = options.cwd ? relative(options.cwd, summary.file) || summary.file : summary.file
  const rows = summary.topSelf.map(row => [row.name, place(row), String(row.calls), row.selfMs.toFixed(3)])
  return [
    'execscope trace summary',
    `  calls recorded   ${summary.calls}`,
    ...(summary.countedCalls ? [`  calls counted    ${summary.countedCalls} (hot, short functions: counted between recorded samples)`] : []),
    `  threads          ${summary.threads} (in ${summary.sessions} session${summary.sessions === 1 ? '' : 's'})`,
    `  thrown errors    ${summary.errors}${summary.errors !== summary.throws ? ` (${summary.throws} calls ended by throwing)` : ''}`,
    `  dropped events   ${summary.dropped}${summary.unsent ? ` (${summary.unsent} never sent: the page closed or the process ended first)` : ''}`,
    ...stateLine(summary),
    ...(summary.messages?.total ? [`  messages         ${summary.messages.total} between threads and their workers (${summary.messages.paired} with both sides recorded)`] : []),
    ...(summary.recordingCost == null ? [] : [`  recording cost   ≈ ${(summary.recordingCost * 100).toFixed(1)}% of the run (the runtime's own estimate of its recording, not counting the instrumented code's own slowdown)`]),
    `  top ${rows.length} functions by self time:`,
    ...table(['name', 'file:line', 'calls', 'self-ms'], rows),
    ...topCounted(summary),
    ...topErrors(summary),
    `  trace file       ${file}`,
  ].join('\n')
}
