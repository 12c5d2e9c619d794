/** The part of @vitejs/plugin-vue's `api` we use: its resolved options, replaced whole. */
interface VuePluginApi {
  options: { sourceMap?: boolean } & Record<string, unknown>
}

/**
 * Asks Vue's Vite plugin for the source maps it leaves out of a build that does not set
 * `build.sourcemap` (it compiles `.vue` files without them then). Functions are placed in the
 * `.vue` file through the compiler's map: without one, the positions the compiled script has would
 * be read as positions in the `.vue` file. The build's output does not change (no map is emitted
 * unless the build asks), only its compile time, a little. Called once every plugin's
 * `configResolved` ran (the Vue plugin sets its options there). Returns whether it asked.
 */
export function requestCompilerSourceMaps(plugins: readonly unknown[]): boolean {
  const vue = plugins.find((plugin): plugin is { api: VuePluginApi } =>
    typeof plugin === 'object' && plugin !== null && (plugin as { name?: unknown }).name === 'vite:vue'
    && typeof (plugin as { api?: { options?: unknown } }).api?.options === 'object')
  if (!vue || vue.api.options.sourceMap !== false) return false
  vue.api.options = { ...vue.api.options, sourceMap: true }
  return true
}
