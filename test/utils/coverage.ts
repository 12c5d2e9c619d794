/** One file's entry in istanbul's `coverage-final.json` (what the tests read of it). */
export interface FileCoverage {
  statementMap: Record<string, { start: { line: number } }>
  fnMap: unknown
  branchMap: unknown
  s: Record<string, number>
  f: Record<string, number>
  b: Record<string, number[]>
}

/**
 * What a V8 coverage report says of a file once read back through source maps: how many
 * statements, functions and branches it counts and covers, and which lines are uncovered. The
 * exact locations are left out: they may differ by some columns where the mapping lands on
 * another token of the same line.
 */
export function v8CoverageDigest(data: FileCoverage): { statements: string, functions: string, branches: string, uncoveredLines: number[] } {
  const ratio = (counts: number[]): string => `${counts.filter(n => n > 0).length}/${counts.length}`
  const lines = new Map<number, boolean>()
  for (const [id, loc] of Object.entries(data.statementMap)) lines.set(loc.start.line, (lines.get(loc.start.line) ?? false) || data.s[id]! > 0)
  return {
    statements: ratio(Object.values(data.s)),
    functions: ratio(Object.values(data.f)),
    branches: ratio(Object.values(data.b).flat()),
    uncoveredLines: [...lines].filter(([, covered]) => !covered).map(([line]) => line).sort((a, b) => a - b),
  }
}
