import type { SiteRow } from '@execscope/core'
import type { EncodedSourceMap } from '@jridgewell/trace-mapping'
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'

/**
 * The instrumenter sees the module after TS/JSX lowering; sites must name the line the user wrote.
 * Maps each site through the upstream (combined) source map of the module, when the bundler has
 * one. Only the positions are mapped; the map returned to the bundler stays relative to our input.
 */
export function mapSitesToSource(sites: SiteRow[], upstream: EncodedSourceMap | null | undefined): SiteRow[] {
  if (!upstream || !upstream.mappings) return sites
  let map: TraceMap
  try {
    map = new TraceMap(upstream)
  }
  catch {
    return sites
  }
  return sites.map((site) => {
    const original = originalPositionFor(map, { line: site.line, column: site.column - 1 })
    return original.line == null ? site : { ...site, line: original.line, column: original.column + 1 }
  })
}
