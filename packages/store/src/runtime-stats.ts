import type { RuntimeStatsReport } from './types.ts'
import { ExecscopeError } from '@execscope/core'

const SESSION_RE = /^[0-9a-f]{32}$/
const COUNTS = ['records', 'timedRecords', 'drops', 'overwritten', 'estimatedHotPathNs', 'drainNs', 'sendNs', 'elapsedNs'] as const

function reject(reason: string): never {
  throw new ExecscopeError('ES_BAD_BATCH', `Runtime stats rejected: ${reason}. Nothing was stored.`)
}

/** Checks a runtime's self-report (JSON from the app, so untrusted) and returns it typed. */
export function parseRuntimeStats(input: unknown): RuntimeStatsReport {
  if (typeof input !== 'object' || input === null) reject('the body is not a JSON object')
  const { sessionId, threadId, stats } = input as Record<string, unknown>
  if (typeof sessionId !== 'string' || !SESSION_RE.test(sessionId)) reject(`sessionId must be 32 hex digits, got ${JSON.stringify(sessionId)}`)
  if (typeof threadId !== 'number' || !Number.isInteger(threadId) || threadId < 0 || threadId > 0xFFFFFFFF) reject(`threadId must be an unsigned 32-bit integer, got ${JSON.stringify(threadId)}`)
  if (typeof stats !== 'object' || stats === null) reject('stats must be an object')
  const s = stats as Record<string, unknown>
  for (const key of COUNTS) {
    const value = s[key]
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > Number.MAX_SAFE_INTEGER) reject(`stats.${key} must be a non-negative number, got ${JSON.stringify(value)}`)
  }
  const overhead = s.estimatedOverhead
  if (typeof overhead !== 'number' || !Number.isFinite(overhead) || overhead < 0) reject(`stats.estimatedOverhead must be a non-negative number, got ${JSON.stringify(overhead)}`)
  return input as RuntimeStatsReport
}
