/** An INTERVAL as @duckdb/node-api reads it. */
interface Interval { months: number, days: number, micros: number | bigint | string }

function isInterval(value: object): value is Interval {
  const keys = Object.keys(value)
  return keys.length === 3 && 'months' in value && 'days' in value && 'micros' in value
}

/** `1 year 2 months 3 days 04:05:06.789`, as DuckDB prints an interval. */
function intervalText({ months, days, micros }: Interval): string {
  const total = BigInt(micros)
  const sign = total < 0n ? '-' : ''
  const abs = total < 0n ? -total : total
  const seconds = abs / 1_000_000n
  const fraction = abs % 1_000_000n
  const hms = [seconds / 3600n, (seconds / 60n) % 60n, seconds % 60n].map(n => String(n).padStart(2, '0')).join(':')
  const unit = (n: number, name: string): string[] => (n === 0 ? [] : [`${n} ${name}${Math.abs(n) === 1 ? '' : 's'}`])
  const parts = [
    ...unit(Math.trunc(months / 12), 'year'),
    ...unit(months % 12, 'month'),
    ...unit(days, 'day'),
    ...(total !== 0n || (months === 0 && days === 0) ? [`${sign}${hms}${fraction !== 0n ? `.${String(fraction).padStart(6, '0').replace(/0+$/, '')}` : ''}`] : []),
  ]
  return parts.join(' ')
}

/**
 * One value of a query's result as a cell of `execscope sql`'s tab-separated output: NULL empty,
 * times in ISO 8601 (as the running collector's JSON has them), intervals as DuckDB prints them,
 * lists, structs and maps as JSON, and tabs, line breaks and backslashes in text escaped (`\t`,
 * `\n`, `\\`) so that every row stays one line of cells.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value.replace(/[\\\t\n\r]/g, c => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString()
  if (typeof value === 'object') {
    if (!Array.isArray(value) && isInterval(value)) return intervalText(value)
    return cellText(JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner instanceof Uint8Array ? Array.from(inner) : inner)))
  }
  return String(value)
}
