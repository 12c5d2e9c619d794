import { z } from 'zod'
import { ExecscopeError } from './errors.ts'
import { RECORDING_DEFAULTS } from './runtime-api.ts'
import { RECORD_LEVELS } from './plan.ts'

const isPowerOfTwo = (n: number): boolean => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0
const pattern = z.union([z.string(), z.instanceof(RegExp)])
const patterns = z.union([pattern, z.array(pattern)])
// The choices of each enumerated option, for its schema and for its error message alike.
const RUNTIMES = ['auto', 'browser', 'node'] as const
const HOT_CALLS = ['count', 'record'] as const
/** `"a", "b" or "c"` */
const oneOf = (choices: readonly string[]): string =>
  choices.map(c => `"${c}"`).join(', ').replace(/, ([^,]*)$/, ' or $1')

type Pattern = string | RegExp

/** The options of `execscope()`, the same for every bundler. */
export interface ExecscopeOptions {
  /** Instrument and record at all. @default true */
  enabled?: boolean
  /**
   * Modules to instrument: globs relative to the project root, or regular expressions on the
   * absolute path. @default every JavaScript/TypeScript module outside node_modules
   */
  include?: Pattern | Pattern[]
  /** Modules never to instrument, matched like `include`. @default [] */
  exclude?: Pattern | Pattern[]
  /** Where the trace is stored, relative to the project root. @default ".execscope/trace.duckdb" */
  traceFile?: string
  ring?: {
    /** Records the ring holds per thread (16 bytes each), a power of two from 1024 to 4194304. @default 65536 in browsers, 262144 in Node */
    capacity?: number
  }
  /** How often the runtime ships what it recorded, in milliseconds, from 10 to 60000. @default 200 */
  flushIntervalMs?: number
  /**
   * Base URL of a collector (`execscope serve`) that built code sends its records to, such as
   * 'https://collector.example.com/__execscope'. Without it, a browser build posts to
   * `/__execscope` on its own origin and a Node build writes batch files for `execscope ingest`.
   * The dev server and Vitest always use their own collector.
   */
  endpoint?: string
  /**
   * Install the runtime probes, which report causal links (which call scheduled the timer, the
   * promise reaction, the listener that runs now) for `why(call)`. They add about 4 KB and some
   * cost to every promise reaction and timer. @default true under the dev server, Vitest and
   * `--import execscope/register`; false in builds
   */
  probes?: boolean
  /**
   * What to record of every instrumented function: 'count' (only how many times each function
   * ran: no call tree, no timings, at the cost of one counter per call; the trace's
   * `counted_calls`), 'calls' (entry, exit, throw, await: the call
   * tree and timings), 'values' (also previews of its arguments, return value and thrown value,
   * for up to 64 of its calls per second), or 'full' (also state changes: every assignment to a
   * property of `this`, `this.items = …`, `this.count++`, with previews of the old and new value,
   * for `state_history(target)`). Previews never run app code (no getter, setter, toJSON or Proxy
   * trap). @default 'full' under the dev server, Vitest and `--import execscope/register`; 'calls' in builds
   */
  record?: 'count' | 'calls' | 'values' | 'full'
  /**
   * Which runtime instrumented code records with: 'browser' (posts to the dev server's collector),
   * 'node' (posts to a collector, or writes batch files that `execscope ingest` stores), or
   * 'auto': Node for Vite SSR, Vitest (outside browser mode), esbuild `platform: 'node'` and
   * webpack/rspack Node targets; the browser otherwise, which includes every Rollup build.
   * @default 'auto'
   */
  runtime?: 'auto' | 'browser' | 'node'
  /**
   * Fraction of sessions that record, in builds: each page load (and each Web Worker) or Node
   * process decides once, at random, whether it records; the others run the instrumented code
   * on an inert runtime that records and sends nothing. A Node process's worker threads follow
   * it. The dev server and Vitest always record. Above 0, at most 1. @default 1
   */
  sample?: number
  timing?: {
    /** Calls of each site that are all timed before the site is sampled, 0 to 2^20. @default 64 */
    timedCallsPerSite?: number
    /** After that, one call in this many is timed: a power of two from 1 to 65536. @default 64 */
    sampleEvery?: number
    /**
     * 'count': the runtime counts, instead of recording one by one, the calls of a function
     * that runs at least 10 000 times a second for under 2 µs a call, and everything they call;
     * one call in 1024 is still recorded (the trace's `counted_calls` has the counts). 'record':
     * every call is recorded. At levels `values` and `full` a counted call's values and
     * assignments are not recorded either. In browsers the counting is a module of its own, outside
     * the runtime's size budget. @default 'count' (browser builds: 'record'; the dev server: 'count')
     */
    hotCalls?: 'count' | 'record'
  }
}

const optionsSchema: z.ZodType<ExecscopeOptions> = z.strictObject({
  enabled: z.boolean().optional(),
  include: patterns.optional(),
  exclude: patterns.optional(),
  traceFile: z.string().min(1).optional(),
  ring: z.strictObject({
    capacity: z.number().refine(n => isPowerOfTwo(n) && n >= 1024 && n <= 4194304).optional(),
  }).optional(),
  flushIntervalMs: z.number().int().min(10).max(60000).optional(),
  runtime: z.enum(RUNTIMES).optional(),
  probes: z.boolean().optional(),
  record: z.enum(RECORD_LEVELS).optional(),
  endpoint: z.url({ protocol: /^https?$/ }).optional(),
  sample: z.number().gt(0).max(1).optional(),
  timing: z.strictObject({
    timedCallsPerSite: z.number().int().min(0).max(1 << 20).optional(),
    sampleEvery: z.number().refine(n => isPowerOfTwo(n) && n <= 65536).optional(),
    hotCalls: z.enum(HOT_CALLS).optional(),
  }).optional(),
})

/** Options with every default filled in. */
export interface ResolvedOptions {
  enabled: boolean
  include: Array<string | RegExp> | undefined
  exclude: Array<string | RegExp>
  traceFile: string
  ringCapacity: number
  /** `ring.capacity` for the Node runtime (its own default). */
  nodeRingCapacity: number
  flushIntervalMs: number
  timedCallsPerSite: number
  sampleEvery: number
  hotCalls: 'count' | 'record'
  runtime: 'auto' | 'browser' | 'node'
  endpoint: string | undefined
  /** Undefined: on in development (dev server, Vitest, register), off in builds. */
  probes: boolean | undefined
  /** Undefined: 'full' in development (dev server, Vitest, register), 'calls' in builds. */
  record: 'count' | 'calls' | 'values' | 'full' | undefined
  /** Fraction of sessions that record in builds (1: all). */
  sample: number
}

/** What each option expects, for error messages; keyed by dotted path. */
const EXPECTED: Record<string, string> = {
  'enabled': 'true or false',
  'include': 'a glob string, a RegExp, or an array of them',
  'exclude': 'a glob string, a RegExp, or an array of them',
  'traceFile': 'a non-empty path relative to the project root, e.g. ".execscope/trace.duckdb"',
  'ring': 'an object such as { capacity: 65536 }',
  'ring.capacity': 'a power of two from 1024 to 4194304, e.g. 65536',
  'flushIntervalMs': 'an integer from 10 to 60000, e.g. 200',
  'runtime': oneOf(RUNTIMES),
  'probes': 'true or false',
  'record': oneOf(RECORD_LEVELS),
  'endpoint': 'an absolute http(s) URL of a collector, e.g. "http://127.0.0.1:4318/__execscope"',
  'sample': 'a number above 0 and at most 1 (the fraction of sessions that record), e.g. 0.1',
  'timing': 'an object such as { timedCallsPerSite: 64, sampleEvery: 64, hotCalls: "count" }',
  'timing.timedCallsPerSite': 'an integer from 0 to 1048576, e.g. 64',
  'timing.sampleEvery': 'a power of two from 1 to 65536, e.g. 64',
  'timing.hotCalls': oneOf(HOT_CALLS),
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v: unknown = input
  for (const k of path) v = v != null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined
  return v
}

function show(value: unknown): string {
  if (value instanceof RegExp) return String(value)
  if (typeof value === 'function') return 'a function'
  if (typeof value === 'bigint') return `${value}n`
  try {
    return JSON.stringify(value) ?? String(value)
  }
  catch {
    return String(value)
  }
}

/**
 * Validates user options and fills defaults. Throws `ExecscopeError` (`ES_BAD_OPTION`) naming the
 * first bad option, the value given and what is expected.
 */
export function resolveOptions(input: unknown): ResolvedOptions {
  const parsed = optionsSchema.safeParse(input ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    if (issue.code === 'unrecognized_keys') {
      const where = issue.path.length ? `${issue.path.join('.')}.` : ''
      const keys = issue.keys.map(k => `"${where}${k}"`).join(', ')
      const known = issue.path.length ? Object.keys(EXPECTED).filter(k => k.startsWith(where)) : Object.keys(EXPECTED).filter(k => !k.includes('.'))
      throw new ExecscopeError('ES_BAD_OPTION', `Unknown option ${keys}. Known options: ${known.join(', ')}.`)
    }
    if (issue.path.length === 0)
      throw new ExecscopeError('ES_BAD_OPTION', `Options must be an object, got ${show(input)}. Use execscope({ ... }) or execscope().`)
    const path = issue.path.map(String).join('.')
    throw new ExecscopeError('ES_BAD_OPTION', `Option "${path}" must be ${EXPECTED[path] ?? issue.message}, got ${show(valueAt(input, issue.path))}.`)
  }
  const o = parsed.data
  const list = (p: string | RegExp | Array<string | RegExp> | undefined): Array<string | RegExp> | undefined =>
    p === undefined ? undefined : Array.isArray(p) ? p : [p]
  return {
    enabled: o.enabled ?? true,
    include: list(o.include),
    exclude: list(o.exclude) ?? [],
    traceFile: o.traceFile ?? '.execscope/trace.duckdb',
    ringCapacity: o.ring?.capacity ?? RECORDING_DEFAULTS.ringCapacity,
    nodeRingCapacity: o.ring?.capacity ?? RECORDING_DEFAULTS.nodeRingCapacity,
    flushIntervalMs: o.flushIntervalMs ?? RECORDING_DEFAULTS.flushIntervalMs,
    timedCallsPerSite: o.timing?.timedCallsPerSite ?? RECORDING_DEFAULTS.timedCallsPerSite,
    sampleEvery: o.timing?.sampleEvery ?? RECORDING_DEFAULTS.sampleEvery,
    hotCalls: o.timing?.hotCalls ?? 'count',
    runtime: o.runtime ?? 'auto',
    endpoint: o.endpoint?.replace(/\/+$/, ''),
    probes: o.probes,
    record: o.record,
    sample: o.sample ?? 1,
  }
}
