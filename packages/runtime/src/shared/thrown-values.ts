import type { PreviewLimits } from './value-preview.ts'
import { previewValue } from './value-preview.ts'
import { createValueWriter } from './value-writer.ts'

/** What the writer needs of the thread's ring. */
interface RecordSink {
  push: (w0: number, site: number, payload: number, time: number) => boolean
}

// ValueRole.Thrown (@execscope/core): thrown-values.test.ts checks the records against the codec.
const THROWN = 1

/** Caps of a thrown value's preview: an error's name, message and the top of its stack. */
const THROWN_LIMITS: PreviewLimits = { maxDepth: 2, maxKeys: 16, maxStringLength: 1024, maxBytes: 2048 }

/** Most previews per second per thread: code that throws for control flow must stay fast. */
const PREVIEWS_PER_SECOND = 200

export interface ThrownValues {
  /** Writes the preview of `value` after the Throw record just written (once per error object). */
  record: (value: unknown) => void
  /** Previews left out by the rate cap. */
  readonly skipped: number
}

/**
 * The thrown-value recorder of one thread (the Node runtime's own, and the browser's through the
 * values module; `isProxy` where the platform can tell a Proxy, see value-preview.ts): right after a Throw record, a Value record and the
 * preview's UTF-8 bytes in ValueBytes records (12 per record), in the same ring, so they travel
 * with the call they belong to. An error that propagates through several instrumented frames is
 * previewed once, at the innermost throw; the store points the outer frames to it.
 */
export function createThrownValues(ring: RecordSink, options: { now?: () => number, isProxy?: (value: object) => boolean } = {}): ThrownValues {
  const now = options.now ?? (() => (globalThis as unknown as { performance: { now: () => number } }).performance.now())
  const limits: PreviewLimits = { ...THROWN_LIMITS, isProxy: options.isProxy }
  const seen = new WeakSet<object>()
  const writer = createValueWriter(ring)
  let windowStart = -Infinity
  let inWindow = 0
  let skipped = 0

  function record(value: unknown): void {
    try {
      if (typeof value === 'object' && value !== null || typeof value === 'function') {
        if (seen.has(value)) return
        seen.add(value)
      }
      const t = now()
      if (t - windowStart >= 1000) {
        windowStart = t
        inWindow = 0
      }
      if (++inWindow > PREVIEWS_PER_SECOND) {
        skipped++
        return
      }
      const json = previewValue(value, limits)
      writer.write(THROWN, json, (now() - t) * 1e6)
    }
    catch {
      // Never into the app: the throw itself is recorded already.
    }
  }

  return {
    record,
    get skipped() {
      return skipped
    },
  }
}
