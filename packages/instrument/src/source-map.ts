/**
 * The source map of an output that is the original text with text inserted at some offsets
 * (nothing removed, nothing moved). Written directly as VLQ, without an intermediate array of
 * segments: on a large bundle that array is hundreds of thousands of small allocations.
 *
 * The mappings are exactly those of magic-string's `generateMap({ hires: 'boundary' })` for the
 * same inserts (a test checks it): one segment at each original character that is not a word
 * character (`\w`), one at the start of each run of word characters, and one at the first
 * character after each insert point. Inserted text gets no segment. Every original token thus
 * maps back to its original line and column.
 */

/** One piece of inserted text; `pos` is an offset into the original. */
export interface TextInsert {
  pos: number
  text: string
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

/** A growable ASCII buffer for the `mappings` string. */
class MappingsWriter {
  private bytes: Uint8Array
  private length = 0
  /** Relative-encoding state: generated column resets per line, the rest runs across lines. */
  private lastGeneratedColumn = 0
  private lastLine = 0
  private lastColumn = 0
  private lineHasSegment = false

  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(capacity, 64))
  }

  newLine(): void {
    this.reserve(1)
    this.bytes[this.length++] = SEMICOLON
    this.lastGeneratedColumn = 0
    this.lineHasSegment = false
  }

  /** A segment `[generatedColumn, source 0, line, column]`, all 0-based. */
  segment(generatedColumn: number, line: number, column: number): void {
    // At most 1 comma, 4 values of 7 digits (2^35 > any column): reserve once per segment.
    this.reserve(32)
    if (this.lineHasSegment) this.bytes[this.length++] = COMMA
    this.lineHasSegment = true
    this.vlq(generatedColumn - this.lastGeneratedColumn)
    this.bytes[this.length++] = BASE64_CHARS[0]! // source index: always 0, delta 0
    this.vlq(line - this.lastLine)
    this.vlq(column - this.lastColumn)
    this.lastGeneratedColumn = generatedColumn
    this.lastLine = line
    this.lastColumn = column
  }

  toString(): string {
    return new TextDecoder().decode(this.bytes.subarray(0, this.length))
  }

  private vlq(value: number): void {
    let rest = value < 0 ? (-value << 1) | 1 : value << 1
    do {
      let digit = rest & 31
      rest >>>= 5
      if (rest > 0) digit |= 32
      this.bytes[this.length++] = BASE64_CHARS[digit]!
    } while (rest > 0)
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra))
    grown.set(this.bytes.subarray(0, this.length))
    this.bytes = grown
  }
}

/**
 * Output code and source map for `code` with `inserts` (sorted by `pos`; at one offset, in output
 * order) spliced in. One pass over the original text does both; its state lives in locals (this
 * loop runs once per character of the module).
 */
export function spliceWithMap(code: string, inserts: readonly TextInsert[], source: string): { code: string, map: SourceMap } {
  // About 2 segments of ~5 bytes per 3 characters in bundled code; grows if short.
  const out = new MappingsWriter(code.length * 3)
  const parts: string[] = []
  const length = code.length
  let line = 0
  let column = 0
  let generatedColumn = 0
  let inWord = false
  let chunkStart = 0
  let k = 0
  let nextInsert = inserts.length > 0 ? inserts[0]!.pos : -1
  for (let i = 0; i <= length; i++) {
    if (i === nextInsert) {
      if (i > chunkStart) parts.push(code.slice(chunkStart, i))
      chunkStart = i
      for (; k < inserts.length && inserts[k]!.pos === i; k++) {
        const text = inserts[k]!.text
        parts.push(text)
        generatedColumn = advance(out, text, generatedColumn)
      }
      nextInsert = k < inserts.length ? inserts[k]!.pos : -1
      // The first character after an insert point starts a segment, word character or not.
      inWord = false
    }
    if (i === length) break
    const c = code.charCodeAt(i)
    if (c === NEWLINE) {
      out.newLine()
      line++
      column = 0
      generatedColumn = 0
      inWord = false
      continue
    }
    const isWord = c < 128 && IS_WORD[c] === 1
    if (!isWord || !inWord) out.segment(generatedColumn, line, column)
    inWord = isWord
    column++
    generatedColumn++
  }
  if (chunkStart < length) parts.push(code.slice(chunkStart))
  return { code: parts.join(''), map: new SourceMap(normalizeSource(source), code, out.toString()) }
}

/** Inserted text has no segments; it only moves the generated position. Returns the new column. */
function advance(out: MappingsWriter, text: string, generatedColumn: number): number {
  let newline = text.indexOf('\n')
  if (newline === -1) return generatedColumn + text.length
  let last = newline
  for (; newline !== -1; newline = text.indexOf('\n', newline + 1)) {
    out.newLine()
    last = newline
  }
  return text.length - last - 1
}

/** magic-string's `sources[0]` for `{ source }`: the path with `\` turned into `/`. */
function normalizeSource(source: string): string {
  return source.split(/[/\\]/).join('/')
}
