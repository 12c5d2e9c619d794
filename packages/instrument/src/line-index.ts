/** Offset → 1-based line and column, counting lines by `\n` like source maps do. */
export interface LineIndex {
  locate: (offset: number) => { line: number, column: number }
}

export function createLineIndex(code: string): LineIndex {
  const starts = [0]
  for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) starts.push(i + 1)
  return {
    locate(offset) {
      let lo = 0
      let hi = starts.length - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1
        if (starts[mid]! <= offset) lo = mid
        else hi = mid - 1
      }
      return { line: lo + 1, column: offset - starts[lo]! + 1 }
    },
  }
}
