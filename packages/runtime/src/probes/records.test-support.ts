import type { Recorder } from '../shared/recorder.ts'
import { LinkKind, RECORD_KIND_NAMES, RecordFlag, decodeBatch } from '@execscope/core/codec'

export interface LinkRow {
  /** `enter 7`, `link-out timer #3`, `link-in promise #3`, `link-end promise #3`, … */
  text: string
  kind: number
  site: number
  payload: number
  /** Flag Timed: word 3 holds a measured time. */
  isTimed: boolean
}

const LINK_NAMES: Record<number, string> = Object.fromEntries(Object.entries(LinkKind).map(([name, value]) => [value, name.toLowerCase()]))

/** Drains `rec` and decodes every batch with the collector's decoder, one row per record. */
export function drainRows(rec: Recorder): LinkRow[] {
  const rows: LinkRow[] = []
  const identity = { sessionId: new Uint8Array(16), threadId: 0, timeOriginMs: 0 }
  for (let b; (b = rec.drain(8192, identity));) {
    const { records } = decodeBatch(b.bytes)
    for (let i = 0; i < records.length; i += 4) {
      const w0 = records[i]!
      const site = records[i + 1]!
      const payload = records[i + 2]! >>> 0
      rows.push(recordRow(w0, site, payload))
    }
  }
  return rows
}

/**
 * One record as a row: link records name their kind and token, message records their direction
 * and number (`message-send down #1`, `message-receive up #2`; the channel is in `site`).
 */
export function recordRow(w0: number, site: number, payload: number): LinkRow {
  const kind = w0 & 0xFF
  const flags = (w0 >> 8) & 0xFF
  const name = kind === 9 && (flags & RecordFlag.LinkEnd) !== 0 ? 'link-end' : RECORD_KIND_NAMES[kind]!
  let text = `${name} ${site}`
  if (kind === 8 || kind === 9) text = `${name} ${LINK_NAMES[site]} #${payload}`
  else if (kind === 13 || kind === 14) text = `${name} ${(flags & RecordFlag.Upward) !== 0 ? 'up' : 'down'} #${payload}`
  return { text, kind, site, payload, isTimed: (flags & RecordFlag.Timed) !== 0 }
}

/**
 * The records of one story: the calls of `sites`, and the link records whose token some LinkOut
 * written between them carries (or token 0 when `withOutside`). Whatever the test runner does in
 * the same thread (it, too, schedules timers and reactions) is left out; tokens are renumbered
 * #1, #2, … in order of appearance so snapshots do not depend on it either.
 */
export function story(rows: LinkRow[], sites: number[], options: { withOutside?: boolean, linkKinds?: number[] } = {}): string[] {
  const { withOutside = false, linkKinds } = options
  const isOurs = (r: LinkRow): boolean => (r.kind < 6 && sites.includes(r.site))
  const tokens = new Set(linkOutsWithin(rows, sites))
  const renumber = new Map<number, number>()
  const out: string[] = []
  for (const r of rows) {
    const isLink = r.kind === 8 || r.kind === 9
    if (isLink ? !(tokens.has(r.payload) || (withOutside && r.payload === 0)) || (linkKinds && !linkKinds.includes(r.site)) : !isOurs(r)) continue
    if (!isLink) {
      out.push(r.text)
      continue
    }
    if (r.payload !== 0 && !renumber.has(r.payload)) renumber.set(r.payload, renumber.size + 1)
    out.push(r.text.replace(/#\d+$/, `#${r.payload === 0 ? 0 : renumber.get(r.payload)}`))
  }
  return out
}

/** Tokens of the LinkOut records written while one of `sites` was running, in order. */
export function linkOutsWithin(rows: LinkRow[], sites: number[]): number[] {
  const tokens: number[] = []
  let depth = 0
  for (const r of rows) {
    const isOurs = r.kind < 6 && sites.includes(r.site)
    if (isOurs && r.kind === 1) depth++
    else if (isOurs && (r.kind === 2 || r.kind === 3)) depth--
    else if (r.kind === 8 && depth > 0) tokens.push(r.payload)
  }
  return tokens
}
