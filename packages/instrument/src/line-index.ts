/** Offset → 1-based line and column, counting lines by `\n` like source maps do. */
export interface LineIndex {
  locate: (offset: number) => { line: number, column: number }
}

// A class rather than a closure per module: one `locate` for every module keeps its optimized code.
class LineStarts implements LineIndex {
  private readonly starts: number[] = [0]

  constructor(code: string) {
    for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) this.starts.push(i + 1)
  }

  locate(offset: number): { line: number, column: number } {
    const starts = this.starts
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 }
  }
}

export function createLineIndex(code: string): LineIndex {
  return new LineStarts(code)
}
