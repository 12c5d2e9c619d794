import { decodeBatch, encodeBatch, RecordFlag, RecordKind, TIME_HIGH_UNIT, VALUE_BYTES_PER_RECORD, ValueRole } from '@execscope/core'
import type { DecodedBatch } from '@execscope/core'

/** 16 session-id bytes from a small number, so tests can name sessions. */
export function sessionBytes(n: number): Uint8Array {
  return Uint8Array.from({ length: 16 }, (_, i) => (i === 15 ? n : 0xA0 + i))
}

export interface BatchOptions {
  session?: number
  threadId?: number
  firstSeq?: number
  timeOriginMs?: number
}

/**
 * Writes records the way the runtime does: a Clock anchor before a timed record whose high time
 * word differs from the last anchor, untimed records (time 0, no flag) when no `ts` is given.
 */
export class TraceBuilder {
  readonly records: number[][] = []
  private clockHigh = -1
  /** Written into word 3 of each Clock anchor, as the runtime writes its clock step. */
  clockResolutionNs = 0

  /** Sets the clock step the following Clock anchors report, in ns. */
  resolution(ns: number): this {
    this.clockResolutionNs = ns
    return this
  }

  enter(site: number, ts?: number, asyncId = 0): this {
    return this.push(RecordKind.Enter, site, asyncId, ts)
  }

  exit(site: number, ts?: number, asyncId = 0): this {
    return this.push(RecordKind.Return, site, asyncId, ts)
  }

  throws(site: number, ts?: number, asyncId = 0): this {
    return this.push(RecordKind.Throw, site, asyncId, ts)
  }

  suspend(site: number, asyncId: number, ts?: number): this {
    return this.push(RecordKind.Suspend, site, asyncId, ts)
  }

  resume(site: number, asyncId: number, ts?: number): this {
    return this.push(RecordKind.Resume, site, asyncId, ts)
  }

  /** A cause: the call on top of the stack scheduled something of link kind `kind` (`LinkKind`), under `token`. */
  linkOut(kind: number, token: number, ts?: number): this {
    return this.push(RecordKind.LinkOut, kind, token, ts)
  }

  /** The callback of `token` is about to run (token 0: caused from outside the app). */
  linkIn(kind: number, token: number, ts?: number): this {
    return this.push(RecordKind.LinkIn, kind, token, ts)
  }

  /** The callback of `token` has returned. */
  linkEnd(kind: number, token: number, ts?: number): this {
    return this.push(RecordKind.LinkIn, kind, token, ts, RecordFlag.LinkEnd)
  }

  /**
   * A value preview as the runtime writes it: a `Value` record, then its UTF-8 bytes, 12 per
   * `ValueBytes` record; `previewNs` is the time the runtime says the preview took.
   */
  value(role: number, json: string, previewNs = 0): this {
    const bytes = new TextEncoder().encode(json)
    return this.valueHeader(role, bytes.length, previewNs).valueBytes(bytes)
  }

  /** What a call just threw: an Error preview `["err", name, message, stack]`. */
  thrownError(name: string, message: string, stack: string | null = null): this {
    return this.value(ValueRole.Thrown, JSON.stringify(['err', name, message, stack]))
  }

  /** A `Value` record alone, announcing `length` bytes (for malformed sequences). */
  valueHeader(role: number, length: number, previewNs = 0): this {
    this.records.push([RecordKind.Value, role, length, previewNs | 0])
    return this
  }

  /** `ValueBytes` records carrying `bytes` (a string is UTF-8 encoded), the last one zero-padded. */
  valueBytes(bytes: Uint8Array | string): this {
    const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes
    const padded = new Uint8Array(Math.ceil(data.length / VALUE_BYTES_PER_RECORD) * VALUE_BYTES_PER_RECORD)
    padded.set(data)
    const view = new DataView(padded.buffer)
    for (let at = 0; at < padded.length; at += VALUE_BYTES_PER_RECORD)
      this.records.push([RecordKind.ValueBytes, view.getInt32(at, true), view.getInt32(at + 4, true), view.getInt32(at + 8, true)])
    return this
  }

  /**
   * A state change by the call on top of the stack: assignment site `site` changed object number
   * `instance`; with `previews`, the `[old, new]` (or `[new]`, property created) value follows.
   */
  state(site: number, instance: number, ts?: number, previews?: readonly unknown[], previewNs = 0): this {
    this.push(RecordKind.State, site, instance, ts)
    return previews === undefined ? this : this.value(ValueRole.State, JSON.stringify(previews), previewNs)
  }

  /** The call on top of the stack posted message `number` on `channel` (a worker's thread id), to the parent when `upward`. */
  messageSend(channel: number, number: number, upward: boolean, ts?: number): this {
    return this.push(RecordKind.MessageSend, channel, number, ts, upward ? RecordFlag.Upward : 0)
  }

  /** Message `number` on `channel` was delivered here, to the parent when `upward`; write it right after the delivery's `linkIn(LinkKind.Message, 0)`. */
  messageReceive(channel: number, number: number, upward: boolean, ts?: number): this {
    return this.push(RecordKind.MessageReceive, channel, number, ts, upward ? RecordFlag.Upward : 0)
  }

  /** `calls` calls of `site` were counted, not recorded (site 0: one of two sharing a runtime counter slot). */
  count(site: number, calls: number): this {
    this.records.push([RecordKind.Count, site, calls, 0])
    return this
  }

  /** `count` records were lost; of the calls running then, the top `ended` ended meanwhile, and `entered` calls entered meanwhile still run. */
  drop(count: number, ended = 0, entered = 0): this {
    this.records.push([RecordKind.Drop, ended, count, entered])
    return this
  }

  /** Encodes records `[from, to)` as one batch; `firstSeq` defaults to `from`. */
  encode(options: BatchOptions = {}, from = 0, to: number = this.records.length): Uint8Array {
    const words = Int32Array.from(this.records.slice(from, to).flat())
    return encodeBatch({
      sessionId: sessionBytes(options.session ?? 1),
      threadId: options.threadId ?? 0,
      firstSeq: options.firstSeq ?? from,
      timeOriginMs: options.timeOriginMs ?? 1_764_000_000_000,
    }, words, 0, to - from)
  }

  /** Decoded batches cut at the given record indices, numbered consecutively. */
  batches(cuts: number[], options: BatchOptions = {}): DecodedBatch[] {
    const bounds = [0, ...cuts.filter(c => c > 0 && c < this.records.length).sort((a, b) => a - b), this.records.length]
    const out: DecodedBatch[] = []
    for (let i = 0; i + 1 < bounds.length; i++) {
      if (bounds[i] === bounds[i + 1]) continue
      out.push(decodeBatch(this.encode({ ...options, firstSeq: (options.firstSeq ?? 0) + bounds[i]! }, bounds[i], bounds[i + 1])))
    }
    return out
  }

  /** All records as one decoded batch. */
  batch(options: BatchOptions = {}): DecodedBatch {
    return decodeBatch(this.encode(options))
  }

  private push(kind: number, site: number, payload: number, ts: number | undefined, flags = 0): this {
    if (ts === undefined) {
      this.records.push([kind | (flags << 8), site, payload | 0, 0])
      return this
    }
    const high = Math.floor(ts / TIME_HIGH_UNIT)
    if (high !== this.clockHigh) {
      this.records.push([RecordKind.Clock, 0, high, this.clockResolutionNs])
      this.clockHigh = high
    }
    this.records.push([kind | ((RecordFlag.Timed | flags) << 8), site, payload | 0, (ts % TIME_HIGH_UNIT) | 0])
    return this
  }
}

/** A new builder. */
export function trace(): TraceBuilder {
  return new TraceBuilder()
}
