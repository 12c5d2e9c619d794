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
 * output.
 * Loading it installs the Node runtime in the Jest worker; the setup file hands that runtime to
 * each test file's context and ships its records when the file ends. Records go to
 * `.execscope/batches/` for `execscope ingest` (or to EXECSCOPE_ENDPOINT), names to
 * `.execscope/sites/`.
 */
import type { EncodedSourceMap } from '@jridgewell/trace-mapping'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { kit } from './instrument-kit.ts'
import { relativeId } from './module-filter.ts'
import { createModuleInstrumenter, instrumenterVersion, NEEDS_INSTRUMENTER, siteFileName } from './module-instrumenter.ts'
import { installRealmRuntime, realmPaths } from './realm-runtime.ts'
import { recordLevel } from './trace-paths.ts'

export interface TransformOptions {
  config: { rootDir: string }
  supportsStaticESM?: boolean
  /** Set by Jest's runtime (its coverage options): whether this run collects coverage, and how. */
  collectCoverage?: boolean
  coverageProvider?: 'babel' | 'v8'
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
installRealmRuntime(paths.root)
const instrumentModule = createModuleInstrumenter(paths, message => void process.stderr.write(`${message}\n`), () => kit)

/** What `['execscope/jest', { … }]` in Jest's `transform` may say. */
export interface ExecscopeJestOptions {
  /** The transformer to run first, as Jest would resolve it from the project. @default 'babel-jest' */
  transformer?: string
  /** Its options (what would follow it in Jest's `transform` entry). */
  transformerConfig?: unknown
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

export function createTransformer(jestOptions: ExecscopeJestOptions = {}): Transformer {
  let upstream: Transformer | undefined | null = null
  const babel = (rootDir: string): Transformer | undefined => (upstream === null ? (upstream = projectTransformer(rootDir, jestOptions ?? {})) : upstream)

  const finish = (source: string, path: string, options: TransformOptions, lowered: TransformedSource): TransformedSource => {
    // Jest's ESM mode would need the runtime as an import; CommonJS (Jest's default) reads it from globalThis.
    if (options.supportsStaticESM) return lowered
    try {
      const result = instrumentModule({ source: lowered.code, url: pathToFileURL(path).href, sourceType: 'script', upstream: mapOf(lowered.map), versionKey: source, ownLines: isUnderV8Coverage(options) })
      return result && result !== NEEDS_INSTRUMENTER ? result : lowered
    }
    catch {
      return lowered
    }
  }

  return {
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
      const base = babel(options.config.rootDir)?.getCacheKey?.(source, path, options) ?? source
      // A deleted .execscope/ must bring the names back: while this version's manifest file is
      // missing, the key is new every time, so Jest transforms the module (and writes it) again.
      const manifest = existsSync(join(paths.sitesDir, siteFileName(source, relativeId(paths.root, path), recordLevel())))
      const layout = isUnderV8Coverage(options) ? 'own-lines' : 'same-lines'
      return `${base}\0execscope:${instrumenterVersion()}:${recordLevel()}:${layout}:${manifest ? 'named' : `unnamed:${process.pid}:${Date.now()}:${Math.random()}`}`
    },
  }
}

/** Jest loads a transformer module's default export and calls its `createTransformer`. */
const jestTransformer: { createTransformer: (options?: ExecscopeJestOptions) => Transformer } = { createTransformer }
export default jestTransformer
