/**
 * webpack and rspack tell loaders to make source maps (`this.sourceMap`) only when `devtool` maps
 * modules: it names `source-map` and is not `cheap` without `module`. Otherwise (`false`, the
 * production default; `eval`; `cheap-source-map`) babel-loader, swc-loader and vue-loader hand
 * execscope their output without a map, and every function was placed, and named by position, at
 * the compiled line and column instead of the one in the source.
 */
export function devtoolMapsModules(devtool: unknown): boolean {
  return typeof devtool === 'string' && devtool.includes('source-map') && (!devtool.includes('cheap') || devtool.includes('module'))
}

/** The part of a webpack module that `buildModule` hands over. */
interface WebpackModuleLike {
  resource?: unknown
  useSourceMap?: boolean
}

/** The part of a webpack compiler used here. */
export interface WebpackCompilerLike {
  options: { devtool?: unknown }
  hooks: { compilation: { tap: (name: string, fn: (compilation: { hooks: { buildModule: { tap: (name: string, fn: (module: WebpackModuleLike) => void) => void } } }) => void) => void } }
}

/**
 * Has webpack's loaders make source maps for the modules execscope instruments (`instruments`
 * decides by the module's resource), whatever `devtool` says, as its source-map plugins do for
 * every module. The bundle does not change: webpack emits no map that `devtool` does not ask for.
 */
export function requestWebpackLoaderMaps(compiler: WebpackCompilerLike, instruments: (resource: string) => boolean): void {
  if (devtoolMapsModules(compiler.options.devtool)) return
  compiler.hooks.compilation.tap('execscope', (compilation) => {
    compilation.hooks.buildModule.tap('execscope', (module) => {
      if (typeof module.resource === 'string' && instruments(module.resource)) module.useSourceMap = true
    })
  })
}

/** The part of an rspack compiler used here. */
export interface RspackCompilerLike {
  options: { devtool?: unknown }
  rspack: { SourceMapDevToolPlugin: new (options: { test: RegExp, module: boolean, columns: boolean }) => { apply: (compiler: never) => void } }
}

/**
 * The same for rspack, whose modules live in Rust, out of a plugin's reach: a source-map plugin
 * that maps modules (so loaders make maps) and whose `test` matches no asset, so that it emits no
 * map and adds no `sourceMappingURL` (the bundle is byte for byte the one without it).
 *
 * Under a `cheap` devtool (`cheap-module-source-map` is what `rspack dev` and `rsbuild dev` use by
 * default) rspack's loaders make maps without columns, which put an arrow function on the line
 * before its own, and no second plugin changes that: the devtool loses `cheap` (`eval-source-map`
 * for `eval-cheap-module-source-map`), as `info` says.
 */
export function requestRspackLoaderMaps(compiler: RspackCompilerLike, info: (message: string) => void): void {
  const devtool = compiler.options.devtool
  if (typeof devtool === 'string' && devtool.includes('cheap')) {
    const precise = devtool.replace(/cheap-(?:module-)?/, '')
    compiler.options.devtool = precise
    info(`[execscope] Using devtool "${precise}" instead of "${devtool}": rspack's loaders make maps without columns under "cheap", and functions would be placed on the wrong lines.`)
    return
  }
  if (devtoolMapsModules(devtool)) return
  new compiler.rspack.SourceMapDevToolPlugin({ test: /^$/, module: true, columns: true }).apply(compiler as never)
}
