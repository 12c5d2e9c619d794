import type { DuckDBValue } from '@duckdb/node-api'
import type { MessageSideRow } from '../correlate/message-rows.ts'
import type { ThreadTarget } from './thread-target.ts'
import { MESSAGE_DIRECTIONS } from '../correlate/message-rows.ts'

/** Appender rows of `message_sends` and of `message_receives` (same columns), filled by `addMessageSides`. */
export interface MessageSideValues {
  sends: DuckDBValue[][]
  receives: DuckDBValue[][]
}

/**
 * Adds one thread's message sides to `into`, their times moved onto the session's clock like every
 * per-thread time: each thread counts from its own time origin (a worker's starts later than its
 * parent's), so only the offset makes `recv_ts - send_ts` a latency across threads.
 */
export function addMessageSides(into: MessageSideValues, target: ThreadTarget, messages: readonly MessageSideRow[]): void {
  const { utid, tsOffset } = target
  for (const m of messages) {
    const row = [utid, m.callId === null ? null : BigInt(m.callId), BigInt(m.ts + tsOffset), m.channel, MESSAGE_DIRECTIONS[Number(m.isUpward)]!, m.number]
    if (m.isReceive) into.receives.push(row)
    else into.sends.push(row)
  }
}
