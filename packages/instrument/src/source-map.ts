/**
 * The source map of an output that is the original text with text inserted at some offsets
 * (nothing removed, nothing moved). Written directly as VLQ, without an intermediate array of
 * segments: on a large bundle that array is hundreds of thousands of small allocations.
 *
 * The mappings are exactly those of magic-string's `generateMap({ hires: 'boundary' })` for the
 * same inserts (a test checks it): one segment at each original character that is not a word
 * character (`\w`), one at the start of each run of word characters, and one at the first
 * character after each insert point. Inserted text gets no segment, except at an insert's
 * `anchor`. Every original token thus maps back to its original line and column.
 */

/** One piece of inserted text; `pos` is an offset into the original. */
export interface TextInsert {
  pos: number
  text: string
  /**
   * Offsets into `text` (ascending) whose characters get a segment after all, mapping to the
   * original position `pos` (where the text is inserted). For V8's coverage: see emit.ts, wrapBlockBody.
   */
  anchors?: readonly number[]
  /** The anchors map to the original character before `pos` instead (the end of a range V8 ends at `pos`). */
  anchorBefore?: boolean
}

/** A version 3 source map, shaped like magic-string's (same fields, `toString`, `toUrl`). */
export class SourceMap {
  version: 3
  file: string | undefined
  sources: string[]
  sourcesContent: string[]
  names: string[]
  mappings: string

  constructor(source: string, content: string, mappings: string) {
    // Field order is the JSON key order: the same as magic-string's.
    this.version = 3
    this.file = undefined
    this.sources = [source]
    this.sourcesContent = [content]
    this.names = []
    this.mappings = mappings
  }

  toString(): string {
    return JSON.stringify(this)
  }

  toUrl(): string {
    return `data:application/json;charset=utf-8;base64,${base64Utf8(this.toString())}`
  }
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

const BASE64_CHARS = Uint8Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', c => c.charCodeAt(0))
const COMMA = 44
const SEMICOLON = 59
const NEWLINE = 10

/** `\w` without the `u` flag: ASCII letters, digits and `_`. */
const IS_WORD = new Uint8Array(128)
for (let c = 0; c < 128; c++) IS_WORD[c] = /\w/.test(String.fromCharCode(c)) ? 1 : 0

const DECODER = new TextDecoder()

/**
 * Appends the VLQ digits of `value` to `bytes` at `at`; returns the new length. The caller has
 * reserved room (7 digits cover any 32-bit value).
 */
function writeVlq(bytes: Uint8Array, at: number, value: number): number {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1
  while (rest > 31) {
    bytes[at++] = BASE64_CHARS[(rest & 31) | 32]!
    rest >>>= 5
  }
  bytes[at++] = BASE64_CHARS[rest]!
  return at
}

/** A copy of `bytes` with room for at least `needed` bytes. */
function grow(bytes: Uint8Array, length: number, needed: number): Uint8Array<ArrayBuffer> {
  const grown = new Uint8Array(Math.max(bytes.length * 2, needed))
  grown.set(bytes.subarray(0, length))
  return grown
}

/**
 * Output code and source map for `code` with `inserts` (sorted by `pos`; at one offset, in output
 * order) spliced in. One pass over the original text does both.
 *
 * Every piece of state is a local of this one function (no writer object, no per-segment call):
 * it runs once per character of the module, and a full GC that finds no live instance of a
 * helper class drops that class's hidden class and, with it, this loop's optimized code.
 */
export function spliceWithMap(code: string, inserts: readonly TextInsert[], source: string): { code: string, map: SourceMap } {
  const length = code.length
  const count = inserts.length
  const parts: string[] = []
  // About 2 segments of ~5 bytes per 3 characters in bundled code; grows if short.
  let bytes = new Uint8Array(Math.max(length * 3, 64))
  let size = 0
  // Relative-encoding state: generated column resets per line, the rest runs across lines.
  let lastGeneratedColumn = 0
  let lastLine = 0
  let lastColumn = 0
  let lineHasSegment = false
  let line = 0
  let column = 0
  /** Length of the original line before `line`: the column of its line break. */
  let previousLineLength = 0
  // Generated column minus original column: original text moves both alike; inserts move the first.
  let shift = 0
  let k = 0
  let from = 0
  for (;;) {
    const to = k < count ? inserts[k]!.pos : length
    if (to > from) parts.push(code.slice(from, to))
    let i = from
    while (i < to) {
      const c = code.charCodeAt(i)
      if (size + 32 > bytes.length) bytes = grow(bytes, size, size + 32)
      if (c === NEWLINE) {
        bytes[size++] = SEMICOLON
        lastGeneratedColumn = 0
        lineHasSegment = false
        line++
        previousLineLength = column
        column = 0
        shift = 0
        i++
        continue
      }
      // A segment at each non-word character and at the start of each run of word characters
      // (the first character after an insert point starts one either way: runs stop at inserts).
      if (lineHasSegment) bytes[size++] = COMMA
      lineHasSegment = true
      const generatedColumn = column + shift
      size = writeVlq(bytes, size, generatedColumn - lastGeneratedColumn)
      bytes[size++] = BASE64_CHARS[0]! // source index: always 0, delta 0
      size = writeVlq(bytes, size, line - lastLine)
      size = writeVlq(bytes, size, column - lastColumn)
      lastGeneratedColumn = generatedColumn
      lastLine = line
      lastColumn = column
      let j = i + 1
      if (c < 128 && IS_WORD[c] === 1) {
        while (j < to) {
          const d = code.charCodeAt(j)
          if (d >= 128 || IS_WORD[d] === 0) break
          j++
        }
      }
      column += j - i
      i = j
    }
    if (k === count) break
    // Inserted text gets no segment (but at its anchor); it only moves the generated position (and may add lines).
    for (; k < count && inserts[k]!.pos === to; k++) {
      const { text, anchors, anchorBefore } = inserts[k]!
      // Where the anchors map: `to`, or the character before it (at a line start, the line break before it).
      const isBefore = anchorBefore === true && (line > 0 || column > 0)
      const anchorLine = isBefore && column === 0 ? line - 1 : line
      const anchorColumn = !isBefore ? column : column === 0 ? previousLineLength : column - 1
      parts.push(text)
      let newline = text.indexOf('\n')
      if (newline === -1 && anchors === undefined) {
        shift += text.length
        continue
      }
      let lineStart = -1
      for (const anchor of [...(anchors ?? []), Infinity]) {
        for (; newline !== -1 && newline < anchor; newline = text.indexOf('\n', newline + 1)) {
          if (size + 1 > bytes.length) bytes = grow(bytes, size, size + 1)
          bytes[size++] = SEMICOLON
          lastGeneratedColumn = 0
          lineHasSegment = false
          lineStart = newline
        }
        if (anchor === Infinity) break
        if (size + 32 > bytes.length) bytes = grow(bytes, size, size + 32)
        const generatedColumn = lineStart === -1 ? column + shift + anchor : anchor - lineStart - 1
        if (lineHasSegment) bytes[size++] = COMMA
        lineHasSegment = true
        size = writeVlq(bytes, size, generatedColumn - lastGeneratedColumn)
        bytes[size++] = BASE64_CHARS[0]!
        size = writeVlq(bytes, size, anchorLine - lastLine)
        size = writeVlq(bytes, size, anchorColumn - lastColumn)
        lastGeneratedColumn = generatedColumn
        lastLine = anchorLine
        lastColumn = anchorColumn
      }
      shift = lineStart === -1 ? shift + text.length : text.length - lineStart - 1 - column
    }
    from = to
  }
  const mappings = DECODER.decode(bytes.subarray(0, size))
  return { code: parts.join(''), map: new SourceMap(normalizeSource(source), code, mappings) }
}

/** magic-string's `sources[0]` for `{ source }`: the path with `\` turned into `/`. */
function normalizeSource(source: string): string {
  return source.split(/[/\\]/).join('/')
}
