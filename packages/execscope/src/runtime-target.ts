import type { UnpluginBuildContext } from 'unplugin'

/** Which runtime instrumented modules record with. */
export type RuntimeTarget = 'browser' | 'node'

/** What Vite tells a plugin about the environment a module is built for. */
interface ViteEnvironmentContext {
  environment?: { name?: string, config?: { consumer?: string } }
}

/** webpack and rspack targets whose code runs in Node (`node`, `node18`, `async-node`, `electron-main`). */
const NODE_TARGET_RE = /^(?:async-)?node|^electron-main/

export function isNodeTarget(target: unknown): boolean {
  const targets = Array.isArray(target) ? target : [target]
  return targets.some(t => typeof t === 'string' && NODE_TARGET_RE.test(t))
}

/**
 * Decides the runtime for the module being resolved, from the bundler's own settings: Vite's
 * environment (`consumer: 'server'` for SSR), `isVitest` (Vitest runs tests in Node unless in
 * browser mode), esbuild's `platform`, webpack/rspack's `target`. Rollup says nothing about where
 * its output runs, so Rollup builds get the browser runtime unless `runtime: 'node'` is set.
 */
export function runtimeTargetOf(context: UnpluginBuildContext, isVitest: boolean): RuntimeTarget {
  if (isVitest) return 'node'
  const vite = context as UnpluginBuildContext & ViteEnvironmentContext
  if (vite.environment?.config?.consumer === 'server') return 'node'
  let native
  try {
    native = context.getNativeBuildContext?.()
  }
  catch {
    return 'browser'
  }
  if (!native) return 'browser'
  if (native.framework === 'esbuild') return native.build.initialOptions.platform === 'node' ? 'node' : 'browser'
  if (native.framework === 'webpack' || native.framework === 'rspack') return isNodeTarget(native.compiler.options.target) ? 'node' : 'browser'
  return 'browser'
}
