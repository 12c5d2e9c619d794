import type { EncodedSourceMap } from '@jridgewell/trace-mapping'
import type { UnpluginBuildContext } from 'unplugin'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import remapping from '@jridgewell/remapping'

const LOADER_BY_EXTENSION: Record<string, 'ts' | 'tsx' | 'jsx'> = { ts: 'ts', mts: 'ts', cts: 'ts', tsx: 'tsx', jsx: 'jsx' }

/** The slice of esbuild's plugin API the lowering uses (esbuild is the user's, not a dependency). */
interface EsbuildBuild {
  initialOptions: { tsconfig?: string, tsconfigRaw?: unknown, jsx?: string, jsxFactory?: string, jsxFragment?: string, jsxImportSource?: string, absWorkingDir?: string }
  esbuild: { transform: (code: string, options: Record<string, unknown>) => Promise<{ code: string, map: string }> }
}

/** The project's tsconfig as text for esbuild's `tsconfigRaw` (it reads comments; `extends` is not followed). */
function tsconfigText(build: EsbuildBuild): unknown {
  if (build.initialOptions.tsconfigRaw !== undefined) return build.initialOptions.tsconfigRaw
  try {
    return readFileSync(build.initialOptions.tsconfig ?? join(build.initialOptions.absWorkingDir ?? process.cwd(), 'tsconfig.json'), 'utf8')
  }
  catch {
    return undefined
  }
}

/**
 * esbuild hands plugins a module's source before its own TS/JSX lowering, and a plugin's output
 * goes through that lowering after; so under esbuild, TypeScript and JSX are lowered here first
 * with the build's own esbuild (same JSX settings, the project's tsconfig), and the instrumenter
 * sees JavaScript. Returns undefined outside esbuild or for JavaScript.
 */
export async function lowerForEsbuild(context: UnpluginBuildContext, code: string, path: string): Promise<{ code: string, map: EncodedSourceMap } | undefined> {
  const loader = LOADER_BY_EXTENSION[path.slice(path.lastIndexOf('.') + 1)]
  if (!loader) return undefined
  let native
  try {
    native = context.getNativeBuildContext?.()
  }
  catch {
    return undefined
  }
  if (native?.framework !== 'esbuild') return undefined
  const build = native.build as unknown as EsbuildBuild
  const { jsx, jsxFactory, jsxFragment, jsxImportSource } = build.initialOptions
  const lowered = await build.esbuild.transform(code, {
    loader,
    sourcefile: path,
    sourcemap: 'external',
    target: 'esnext',
    tsconfigRaw: tsconfigText(build),
    ...(jsx === undefined ? {} : { jsx }),
    ...(jsxFactory === undefined ? {} : { jsxFactory }),
    ...(jsxFragment === undefined ? {} : { jsxFragment }),
    ...(jsxImportSource === undefined ? {} : { jsxImportSource }),
  })
  return { code: lowered.code, map: JSON.parse(lowered.map) as EncodedSourceMap }
}

/** Our map (instrumented → lowered) composed with the lowering's (lowered → source). */
export function composeWithLowering(instrumented: EncodedSourceMap, lowering: EncodedSourceMap): EncodedSourceMap {
  return remapping([instrumented as never, lowering as never], () => null) as unknown as EncodedSourceMap
}
