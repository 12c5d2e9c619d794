import type { Store } from '@execscope/store'
import { BATCH_HEADER_BYTES, MAX_BATCH_RECORDS, RECORD_BYTES } from '@execscope/core'

/** Options of the collector app and middleware. */
export interface CollectorOptions {
  /** The trace store, or a function that opens it (called once, on the first request). */
  store: Store | (() => Promise<Store>)
  /**
   * Path prefix of the collector's routes.
   * @default '/__execscope'
   */
  basePath?: string
  /**
   * Largest accepted request body, in bytes; larger ones get 413.
   * @default the size of the largest valid batch (48 + 65536 × 16 bytes)
   */
  maxBodyBytes?: number
  /**
   * Most rows `POST {basePath}/api/sql` returns; the response says `truncated: true` when it cut.
   * @default 10000
   */
  maxSqlRows?: number
  /**
   * When a well-formed batch (or stats report) is answered. 'stored' (204 once committed; 409 for
   * a duplicate, 400 for content the store refuses): the production collector. 'queued' (202 as
   * soon as it is decoded and queued; a later refusal goes to `onBackgroundError`): collectors
   * inside a dev server or a test run, where senders wait at every flush (Vitest's, after each test
   * file) and a commit per batch would add up. A batch is still stored whole or not at all.
   * @default 'stored'
   */
  ack?: 'stored' | 'queued'
  /** Where a batch refused after a 'queued' answer is reported (a duplicate is not reported). */
  onBackgroundError?: (error: Error) => void
}

/** The largest valid batch, in bytes. */
export const DEFAULT_MAX_BODY_BYTES: number = BATCH_HEADER_BYTES + MAX_BATCH_RECORDS * RECORD_BYTES

/** Strips trailing slashes and makes sure the prefix starts with one: '/__execscope'. */
export function normalizeBasePath(basePath: string | undefined): string {
  const trimmed = (basePath ?? '/__execscope').replace(/\/+$/, '')
  return trimmed.startsWith('/') || trimmed === '' ? trimmed : `/${trimmed}`
}
