/*
 * `execscope/jest`: a Jest transformer that records the app's modules and tests.
 *
 *   // jest.config.js
 *   export default {
 *     transform: { '\\.[cm]?[jt]sx?$': 'execscope/jest' },
 *     setupFilesAfterEnv: ['execscope/jest-setup'],
 *   }
 *
 * It runs babel-jest first (Jest's default transformer, found from the project, with the
 * project's Babel config), or the transformer named in its options (`['execscope/jest',
 * { transformer: 'ts-jest' }]`), so TypeScript and JSX work as before; then it instruments the
 * output. Under `--coverage` (Jest's babel provider), istanbul instruments before us: inside
 * babel-jest, or here with Jest's own babel-plugin-istanbul when the transformer first cannot
 * (ts-jest), so the counts are the ones Jest gives without execscope.
 * The Node runtime is installed in a Jest process when a test file first asks for it: the setup
 * file, which hands it to the file's context and ships its records when the file ends, or an
 * instrumented module that loads before it (its header finds the runtime through
 * `require('node:module')`). Records go to `.execscope/batches/` for `execscope ingest` (or to
 * EXECSCOPE_ENDPOINT), names to `.execscope/sites/`.
 */
import type { EncodedSourceMap } from '@jridgewell/trace-mapping'
import { ExecscopeError } from '@execscope/core'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { kit } from './instrument-kit.ts'
import { relativeId } from './module-filter.ts'
import { createModuleInstrumenter, inlineSourceMap, instrumenterVersion, JEST_TYPESCRIPT_HINT, NEEDS_INSTRUMENTER, siteFileName } from './module-instrumenter.ts'
import { offerRealmRuntime, realmPaths } from './realm-runtime.ts'
import { recordLevel } from './trace-paths.ts'

export interface TransformOptions {
  config: { rootDir: string }
  supportsStaticESM?: boolean
  /** Set by Jest's runtime (its coverage options): whether this run collects coverage, and how. */
  collectCoverage?: boolean
  coverageProvider?: 'babel' | 'v8'
  /** Set by Jest for each file: whether it wants this file instrumented by istanbul (babel provider, a file coverage covers). */
  instrument?: boolean
  configString?: string
  [key: string]: unknown
}

export interface TransformedSource {
  code: string
  map?: EncodedSourceMap | string | null
}

/** The part of Jest's transformer interface used here (babel-jest's shape). */
export interface Transformer {
  process: (source: string, path: string, options: TransformOptions) => TransformedSource
  processAsync?: (source: string, path: string, options: TransformOptions) => Promise<TransformedSource>
  getCacheKey?: (source: string, path: string, options: TransformOptions) => string
  /** The transformer instruments for coverage itself when Jest's options say `instrument`. */
  canInstrument?: boolean
}

/**
 * `--coverage` with `coverageProvider: 'v8'`: V8 counts the code as it runs, what we add included,
 * and Jest maps the counts back through our map by line. What we add then goes on lines of its
 * own, which map to no source, so the report is the one Jest gives without us.
 */
function isUnderV8Coverage(options: TransformOptions): boolean {
  return options.collectCoverage === true && options.coverageProvider === 'v8'
}

const paths = realmPaths()
// Installed when a test file first asks for it (jest-setup, a module's header): not in Jest's main
// process, which loads the transformers but leaves the tests to its workers.
offerRealmRuntime(paths.root)
const instrumentModule = createModuleInstrumenter(paths, message => void process.stderr.write(`${message}\n`), () => kit, JEST_TYPESCRIPT_HINT)

/** What `['execscope/jest', { … }]` in Jest's `transform` may say. */
export interface ExecscopeJestOptions {
  /** The transformer to run first, as Jest would resolve it from the project. @default 'babel-jest' */
  transformer?: string
  /** Its options (what would follow it in Jest's `transform` entry). */
  transformerConfig?: unknown
}

const JEST_OPTION_NAMES = ['transformer', 'transformerConfig'] as const

/**
 * The options given as `['execscope/jest', { … }]`, checked: a misspelt name (`transfomer`) would
 * otherwise be ignored without a word, and babel-jest run in place of the transformer meant.
 */
export function checkJestOptions(options: unknown): ExecscopeJestOptions {
  if (options == null) return {}
  const entry = `(Jest's \`transform: { …: ['execscope/jest', { transformer: 'ts-jest' }] }\`)`
  const where = `in execscope/jest's options ${entry}`
  if (typeof options !== 'object' || Array.isArray(options))
    throw new ExecscopeError('ES_BAD_OPTION', `The options of execscope/jest ${entry} must be an object, got ${JSON.stringify(options) ?? String(options)}.`)
  const unknown = Object.keys(options).filter(key => !(JEST_OPTION_NAMES as readonly string[]).includes(key))
  if (unknown.length > 0)
    throw new ExecscopeError('ES_BAD_OPTION', `Unknown option ${unknown.map(key => `"${key}"`).join(', ')} ${where}. Known options: ${JEST_OPTION_NAMES.join(', ')}.`)
  const { transformer } = options as { transformer?: unknown }
  if (transformer !== undefined && (typeof transformer !== 'string' || transformer === ''))
    throw new ExecscopeError('ES_BAD_OPTION', `Option "transformer" ${where} must be the name of a Jest transformer, as Jest would resolve it from the project ('ts-jest', 'babel-jest', '@swc/jest'), got ${JSON.stringify(transformer) ?? String(transformer)}.`)
  return options as ExecscopeJestOptions
}

type TransformerModule = Transformer & { createTransformer?: (config?: unknown) => Transformer }

/**
 * The transformer that runs before ours, from the project: babel-jest (it comes with Jest) unless
 * another is named; undefined when the project has none (the source is then JavaScript as is).
 */
function projectTransformer(rootDir: string, options: ExecscopeJestOptions): Transformer | undefined {
  const name = options.transformer ?? 'babel-jest'
  let required: TransformerModule & { default?: TransformerModule }
  try {
    required = createRequire(join(rootDir, 'package.json'))(name) as typeof required
  }
  catch (error) {
    if (options.transformer === undefined) return undefined
    throw new Error(`[execscope] The transformer "${name}" named in execscope/jest's options cannot be loaded from ${rootDir}: ${(error as Error).message}`)
  }
  const module = required.default ?? required
  return module.createTransformer ? module.createTransformer(options.transformerConfig) : module
}

function mapOf(map: TransformedSource['map']): EncodedSourceMap | undefined {
  if (!map) return undefined
  try {
    return typeof map === 'string' ? JSON.parse(map) as EncodedSourceMap : map
  }
  catch {
    return undefined
  }
}

interface BabelResult { code?: string | null, map?: unknown }
/** Jest's own istanbul: the `@babel/core` and babel-plugin-istanbul that its @jest/transform uses. */
interface JestIstanbul {
  transformSync: (code: string, options: Record<string, unknown>) => BabelResult | null
  plugin: unknown
}

let jestIstanbul: JestIstanbul | undefined

/**
 * Found from the @jest/transform that runs this transformer (loaded in this process), else as the
 * project resolves Jest's packages (@jest/transform, or babel-jest's, whose dependency it is too).
 */
function loadJestIstanbul(rootDir: string): JestIstanbul {
  if (jestIstanbul) return jestIstanbul
  const candidates: Array<() => string> = [
    () => Object.keys(createRequire(import.meta.url).cache).find(path => /[\\/]@jest[\\/]transform[\\/]build[\\/]index\.js$/.test(path))!,
    () => createRequire(join(rootDir, 'package.json')).resolve('@jest/transform'),
    () => createRequire(createRequire(join(rootDir, 'package.json')).resolve('babel-jest')).resolve('@jest/transform'),
  ]
  const errors: string[] = []
  for (const candidate of candidates) {
    try {
      const from = candidate()
      if (!from) continue
      const required = createRequire(from)
      const babel = required('@babel/core') as { transformSync: JestIstanbul['transformSync'] }
      const plugin = required('babel-plugin-istanbul') as { default?: unknown }
      return (jestIstanbul = { transformSync: babel.transformSync, plugin: plugin.default ?? plugin })
    }
    catch (error) {
      errors.push((error as Error).message)
    }
  }
  throw new Error(`[execscope] jest --coverage: cannot find Jest's babel-plugin-istanbul to instrument with (${errors.join('; ') || '@jest/transform is not loaded'})`)
}

/**
 * What Jest itself does to a transformed file under `--coverage` (@jest/transform's
 * `_instrumentFile`), for a transformer that cannot instrument: babel-plugin-istanbul with the
 * same options, the transformer's map as the input map.
 */
function instrumentLikeJest(lowered: TransformedSource, path: string, options: TransformOptions, transformed: boolean): TransformedSource {
  const { transformSync, plugin } = loadJestIstanbul(options.config.rootDir)
  let inputMap: unknown = lowered.map
  if (inputMap == null || inputMap === '') inputMap = inlineSourceMap(lowered.code) ?? null
  // Jest maps the instrumented code to the input only when the transformer gave a map (or there was none).
  const canMapToInput = !transformed || inputMap != null
  const result = transformSync(lowered.code, {
    auxiliaryCommentBefore: ' istanbul ignore next ',
    babelrc: false,
    caller: {
      name: '@jest/transform',
      supportsDynamicImport: options.supportsDynamicImport,
      supportsExportNamespaceFrom: options.supportsExportNamespaceFrom,
      supportsStaticESM: options.supportsStaticESM,
      supportsTopLevelAwait: options.supportsTopLevelAwait,
    },
    configFile: false,
    filename: path,
    plugins: [[plugin, { compact: false, cwd: options.config.rootDir, exclude: [], extension: false, inputSourceMap: inputMap, useInlineSourceMaps: false }]],
    sourceMaps: canMapToInput ? 'both' : false,
  })
  if (result?.code == null) return lowered
  return { code: result.code, map: (result.map ?? null) as TransformedSource['map'] }
}

let warnedEsm = false

export function createTransformer(options?: ExecscopeJestOptions): Transformer {
  const jestOptions = checkJestOptions(options)
  let upstream: Transformer | undefined | null = null
  const babel = (rootDir: string): Transformer | undefined => (upstream === null ? (upstream = projectTransformer(rootDir, jestOptions)) : upstream)

  const finish = (source: string, path: string, options: TransformOptions, output: TransformedSource): TransformedSource => {
    // Coverage counts the user's code, so istanbul goes first: inside a transformer that can
    // instrument (babel-jest), else here. We say `canInstrument`, so Jest does not instrument after us.
    const inner = babel(options.config.rootDir)
    const lowered = options.instrument && !inner?.canInstrument ? instrumentLikeJest(output, path, options, inner !== undefined) : output
    // Jest's ESM mode would need the runtime as an import; CommonJS (Jest's default) reads it from globalThis.
    if (options.supportsStaticESM) {
      if (!warnedEsm) {
        warnedEsm = true
        process.stderr.write(`[execscope] Jest runs ${relativeId(paths.root, path)} as an ES module (--experimental-vm-modules): execscope/jest leaves such modules uninstrumented, and records nothing of them.\n`)
      }
      return lowered
    }
    try {
      // In a test environment's context (jsdom's above all) globalThis.__execscope is there only
      // once jest-setup ran: modules loaded before it (setupFiles) find the runtime through `require`.
      const result = instrumentModule({ source: lowered.code, url: pathToFileURL(path).href, sourceType: 'script', upstream: mapOf(lowered.map), versionKey: source, ownLines: isUnderV8Coverage(options), realmRuntime: true })
      return result && result !== NEEDS_INSTRUMENTER ? result : lowered
    }
    catch {
      return lowered
    }
  }

  return {
    canInstrument: true,
    process(source, path, options) {
      const lowered = babel(options.config.rootDir)?.process(source, path, options) ?? { code: source }
      return finish(source, path, options, lowered)
    },
    async processAsync(source, path, options) {
      const transformer = babel(options.config.rootDir)
      const lowered = transformer?.processAsync ? await transformer.processAsync(source, path, options) : transformer?.process(source, path, options) ?? { code: source }
      return finish(source, path, options, lowered)
    },
    getCacheKey(source, path, options) {
      const base = babel(options.config.rootDir)?.getCacheKey?.(source, path, options) ?? `${source}\0${path}\0${options.configString ?? ''}`
      // A deleted .execscope/ must bring the names back: while this version's manifest file is
      // missing, the key is new every time, so Jest transforms the module (and writes it) again.
      const manifest = existsSync(join(paths.sitesDir, siteFileName(source, relativeId(paths.root, path), recordLevel())))
      const layout = isUnderV8Coverage(options) ? 'own-lines' : 'same-lines'
      // Jest leaves `instrument` out of a transformer's key: ours instruments for coverage or not.
      return `${base}\0execscope:${instrumenterVersion()}:${recordLevel()}:${layout}:${options.instrument ? 'istanbul' : 'plain'}:${manifest ? 'named' : `unnamed:${process.pid}:${Date.now()}:${Math.random()}`}`
    },
  }
}

/** Jest loads a transformer module's default export and calls its `createTransformer`. */
const jestTransformer: { createTransformer: (options?: ExecscopeJestOptions) => Transformer } = { createTransformer }
export default jestTransformer
