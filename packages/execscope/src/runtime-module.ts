import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import type { ResolvedOptions } from '@execscope/core'

const require = createRequire(import.meta.url)

/** Absolute path of the browser runtime bundle that the virtual runtime module imports. */
export function browserRuntimePath(): string {
  return require.resolve('@execscope/runtime/browser')
}

/** Absolute path of the Node runtime bundle, for SSR, Vitest and Node builds. */
export function nodeRuntimePath(): string {
  return require.resolve('@execscope/runtime/node')
}

/** Absolute path of the probes bundle (causal links), installed next to the browser runtime. */
export function probesPath(): string {
  return require.resolve('@execscope/runtime/probes')
}

/** The probes with Node's own (messages between a thread and its worker threads), next to the Node runtime. */
export function nodeProbesPath(): string {
  return require.resolve('@execscope/runtime/probes-node')
}

/** Absolute path of the browser runtime's cost report, added where the probes are. */
export function browserStatsPath(): string {
  return require.resolve('@execscope/runtime/browser-stats')
}

/** Absolute path of the hot-call counting strategy, which the browser runtime loads when it counts hot calls. */
export function hotCallsPath(): string {
  return require.resolve('@execscope/runtime/hot-calls')
}

/** Absolute path of the state-change recorder, installed next to either runtime at level `full`. */
export function statePath(): string {
  return require.resolve('@execscope/runtime/state')
}

/** Absolute path of the argument and return-value recorder, installed at level `values` or `full`. */
export function valuesPath(): string {
  return require.resolve('@execscope/runtime/values')
}

export function countPath(): string {
  return require.resolve('@execscope/runtime/count')
}

/** The recorders a runtime module adds at levels above `calls`, as URLs (or paths) to import. */
export interface RecorderModules {
  /** `@execscope/runtime/values`, at level `values` or `full`. */
  values?: string
  /** `@execscope/runtime/state`, at level `full`. */
  state?: string
  /** `@execscope/runtime/count`, at level `count`. */
  count?: string
}

/** The runtime package's directory, excluded from instrumentation. */
export function runtimeDirOf(runtimePath: string): string {
  return dirname(dirname(runtimePath))
}

/** The recording settings both runtimes take from the plugin's options. */
function recordingConfig(options: ResolvedOptions): Record<string, number> {
  return {
    ringCapacity: options.ringCapacity,
    flushIntervalMs: options.flushIntervalMs,
    timedCallsPerSite: options.timedCallsPerSite,
    sampleEvery: options.sampleEvery,
  }
}

/**
 * `onStatus` for the browser runtime (it only passes the statuses on, for its size budget): a
 * server with no collector (a static file server, a preview without the plugin) refuses every
 * batch with 404, 405 or 501, and only that says why the trace stays empty; the page says so once
 * in its console.
 */
export function noCollectorWarning(endpoint: string): string[] {
  const ingest = JSON.stringify(`${endpoint.replace(/\/+$/, '')}/ingest`)
  return [
    'let saidNoCollector = false;',
    'const onStatus = (status) => {',
    '  if (saidNoCollector || (status !== 404 && status !== 405 && status !== 501)) return;',
    '  saidNoCollector = true;',
    // Never throws into the transport (a throw would be taken for a failed post).
    `  try { console.warn(\`[execscope] \${new URL(${ingest}, location.href).href} answered \${status}: no execscope collector there, so this page's records are lost. Run \\\`execscope serve --cors \${location.origin}\\\` and build with the endpoint option naming it.\`); } catch {}`,
    '};',
  ]
}

/**
 * Source of the virtual `execscope:runtime` module for the browser: it installs the runtime once
 * per page with the resolved options and re-exports the six recording functions that
 * instrumented modules import. With `hotCallsUrl` the runtime counts hot, short calls instead of
 * recording each (a module of its own, outside the runtime's size budget).
 */
export function runtimeModuleCode(runtimeUrl: string, options: ResolvedOptions, endpoint: string, probesUrl?: string, recorders: RecorderModules = {}, hotCallsUrl?: string, statsUrl?: string): string {
  const config = JSON.stringify({ endpoint, ...recordingConfig(options) })
  return [
    `import { install } from ${JSON.stringify(runtimeUrl)};`,
    ...(hotCallsUrl ? [`import { countHotCalls } from ${JSON.stringify(hotCallsUrl)};`] : []),
    ...(statsUrl ? [`import { reportStats } from ${JSON.stringify(statsUrl)};`] : []),
    ...probesImport(probesUrl),
    ...recorderImports(recorders),
    ...noCollectorWarning(endpoint),
    ...sampledInstall(`install({ ...${config}, onStatus${hotCallsUrl ? ', calls: countHotCalls' : ''} })`, options.sample),
    // The browser runtime previews no thrown values itself (its size budget): the values recorder does.
    ...recorderInstalls(recorders, true),
    // Before the probes, so that its timer and listeners are not probed; once per realm.
    ...(statsUrl ? [`if (rt.recorder && !rt.reportsStats) { rt.reportsStats = true; reportStats(rt, { endpoint: ${JSON.stringify(endpoint)} }); }`] : []),
    ...probesInstall(probesUrl, ', thread: rt'),
    ...recorderExports(recorders),
    '',
  ].join('\n')
}

/** Key of a page's (or Web Worker's) sampling decision on its `globalThis`, shared by every copy of the runtime module there. */
export const SAMPLED_GLOBAL_KEY = 'execscope.sampled'

/**
 * `const rt = <install>`, or, when only a fraction `sample` of sessions record, the decision made
 * once per realm (so every copy of this module agrees) and the inert runtime's functions for a
 * realm left out: it records nothing, starts no timer and sends nothing; the recorders and probes
 * below see no `rt.recorder` and stay out too. In the generated module rather than the runtime:
 * the browser runtime's size budget.
 */
function sampledInstall(install: string, sample: number): string[] {
  if (!(sample < 1)) return [`const rt = ${install};`]
  return [
    `const sampledKey = Symbol.for(${JSON.stringify(SAMPLED_GLOBAL_KEY)});`,
    `if (typeof globalThis[sampledKey] !== 'boolean') globalThis[sampledKey] = Math.random() < ${sample};`,
    `const rt = globalThis[sampledKey] ? ${install} : { e: () => 0, r() {}, x() {}, a: () => 0, s: (_site, _token, value) => value, u: (_site, _token, value) => value };`,
  ]
}

function recorderImports(recorders: RecorderModules): string[] {
  return [
    ...(recorders.values ? [`import { installValues } from ${JSON.stringify(recorders.values)};`] : []),
    ...(recorders.state ? [`import { installState } from ${JSON.stringify(recorders.state)};`] : []),
    ...(recorders.count ? [`import { countEachCall } from ${JSON.stringify(recorders.count)};`] : []),
  ]
}

/**
 * The value and state recorders go on the realm's runtime object (once, however many times this
 * module runs, e.g. once per Vitest test file), so classic scripts and CommonJS find them on
 * `globalThis.__execscope` too. Before the probes, so that their timers are not probed.
 */
function recorderInstalls(recorders: RecorderModules, previewThrown: boolean): string[] {
  return [
    ...(recorders.values ? [`if (rt.recorder && !rt.q) Object.assign(rt, installValues(rt, { previewThrown: ${previewThrown} }));`] : []),
    // What a counted call assigns is not recorded: there is no recorded call to lay it at.
    ...(recorders.state ? ['if (rt.recorder && !rt.c) Object.assign(rt, installState(rt.recorder.ring, { isInCountedCall: rt.recorder.calls.isInCountedCall, cost: rt.recorder }));'] : []),
    // The counting strategy's own `k` when it has one (hot calls counted), else a record per call.
    ...(recorders.count ? ['if (rt.recorder && !rt.k) rt.k = rt.recorder.calls.k || countEachCall(rt.recorder.ring);'] : []),
  ]
}

/**
 * The functions instrumented modules import: the runtime's six, `k` at level `count`, and at
 * higher levels `p`, `v`, `q`, `y` (values) and `o`, `c` (state). An inert runtime gets stand-ins
 * that still end calls (`q` is `r`, `y` is `x`) and return what they are given.
 */
function recorderExports(recorders: RecorderModules): string[] {
  const lines = ['export const { e, r, x, a, s, u } = rt;']
  if (recorders.values) {
    lines.push(
      'export const p = rt.p || (() => {});',
      'export const v = rt.v || ((_site, _token, value) => value);',
      'export const q = rt.q || rt.r;',
      'export const y = rt.y || rt.x;',
    )
  }
  if (recorders.count) lines.push('export const k = rt.k || (() => {});')
  if (recorders.state) {
    lines.push(
      'export const o = rt.o || (() => undefined);',
      'export const c = rt.c || ((_site, _target, _key, _old, value) => value);',
    )
  }
  return lines
}

function probesImport(probesUrl: string | undefined): string[] {
  return probesUrl ? [`import { installProbes } from ${JSON.stringify(probesUrl)};`] : []
}

// After the runtime and its recorders, so that their own timers and listeners are not probed. In
// browsers the probes also get the runtime itself: a Web Worker joins its page's session through it.
function probesInstall(probesUrl: string | undefined, options = ''): string[] {
  // Callbacks scheduled inside a counted call are not linked: the runtime says when it is in one.
  return probesUrl ? [`if (rt.recorder) installProbes(rt.recorder.ring, { isInCountedCall: rt.recorder.calls && rt.recorder.calls.isInCountedCall${options} });`] : []
}

/** Where the Node runtime sends what it records. */
export interface NodeDestination {
  /**
   * A collector that is running while the code runs (the dev server's or Vitest's), absolute URL
   * of its base path. Without it, batches go to files in `batchDir`.
   */
  endpoint?: string
  /** Directory for batch files, absolute or relative to the process's working directory. */
  batchDir: string
  /**
   * The endpoint is a dev server's, whose own process may run this code (SSR): the runtime is
   * left on globalThis under IN_PROCESS_RUNTIME_KEY, for the server to flush and stop when it closes.
   */
  isDevServer?: boolean
}

/** Where the Node runtime of a dev server's collector waits for that server (see NodeDestination.isDevServer). */
export const IN_PROCESS_RUNTIME_KEY = 'execscope.devServerRuntime'

/**
 * Source of the virtual `execscope:runtime` module for Node. At run time `EXECSCOPE_ENDPOINT`
 * (a collector's base URL, e.g. one started with `execscope serve`) or `EXECSCOPE_BATCH_DIR`
 * override what was decided at build time. Each process appends to its own batch file (its
 * worker threads share it: whole batches per write), which `execscope ingest` stores.
 */
export function nodeRuntimeModuleCode(runtimePath: string, options: ResolvedOptions, destination: NodeDestination, probesUrl?: string, recorders: RecorderModules = {}): string {
  return [
    `import { install } from ${JSON.stringify(runtimePath)};`,
    ...probesImport(probesUrl),
    ...recorderImports(recorders),
    `const env = (typeof process === 'object' && process && process.env) || {};`,
    `const endpoint = env.EXECSCOPE_ENDPOINT || ${JSON.stringify(destination.endpoint ?? '')};`,
    `const dir = env.EXECSCOPE_BATCH_DIR || ${JSON.stringify(destination.batchDir)};`,
    `const to = endpoint ? { endpoint } : { file: dir + '/' + Date.now().toString(36) + '-' + process.pid + '.batches' };`,
    // Node's runtime has the hot-call counting built in; the browser's loads it as a module of its own.
    // A fraction `sample` of processes record: the runtime decides once per process (its worker threads follow).
    `const rt = install({ ...to, ...${JSON.stringify({ ...recordingConfig(options), ringCapacity: options.nodeRingCapacity, hotCalls: options.hotCalls, ...(options.sample < 1 ? { sample: options.sample } : {}) })} });`,
    // The Node runtime previews thrown values itself.
    ...recorderInstalls(recorders, false),
    ...probesInstall(probesUrl),
    ...recorderExports(recorders),
    ...(destination.isDevServer ? [`globalThis[Symbol.for(${JSON.stringify(IN_PROCESS_RUNTIME_KEY)})] = rt;`] : []),
    '',
  ].join('\n')
}
