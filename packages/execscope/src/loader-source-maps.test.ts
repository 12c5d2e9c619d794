import { describe, expect, it } from 'vitest'
import { devtoolMapsModules, requestRspackLoaderMaps, requestWebpackLoaderMaps } from './loader-source-maps.ts'

describe('devtoolMapsModules', () => {
  it('is true only for the devtools under which loaders make source maps', () => {
    const maps = ['source-map', 'eval-source-map', 'cheap-module-source-map', 'eval-cheap-module-source-map', 'hidden-source-map', 'nosources-source-map', 'inline-source-map']
    const none = [false, undefined, 'eval', 'cheap-source-map', 'eval-cheap-source-map', 'hidden-cheap-source-map']
    expect(maps.filter(devtoolMapsModules)).toEqual(maps)
    expect(none.filter(devtoolMapsModules)).toEqual([])
  })
})

/** A webpack compiler whose one compilation builds `resources`; returns each module's useSourceMap. */
function buildWith(devtool: unknown, resources: string[]): Array<boolean | undefined> {
  const builds: Array<(module: { resource?: unknown, useSourceMap?: boolean }) => void> = []
  const compiler = { options: { devtool }, hooks: { compilation: { tap: (_: string, fn: (compilation: unknown) => void) => fn({ hooks: { buildModule: { tap: (__: string, build: (typeof builds)[number]) => builds.push(build) } } }) } } }
  requestWebpackLoaderMaps(compiler as never, resource => resource.includes('/src/'))
  return resources.map((resource) => {
    const module: { resource: string, useSourceMap?: boolean } = { resource }
    for (const build of builds) build(module)
    return module.useSourceMap
  })
}

describe('requestWebpackLoaderMaps', () => {
  it('has loaders map the modules we instrument when devtool makes no module maps (the production default)', () => {
    expect(buildWith(false, ['/app/src/main.tsx', '/app/node_modules/react/index.js'])).toEqual([true, undefined])
    expect(buildWith('cheap-source-map', ['/app/src/App.vue?vue&type=template'])).toEqual([true])
  })

  it('leaves webpack alone when devtool maps modules already', () => {
    expect(buildWith('source-map', ['/app/src/main.tsx'])).toEqual([undefined])
  })
})

describe('requestRspackLoaderMaps', () => {
  class SourceMapDevToolPlugin {
    static applied: Array<{ test: RegExp, module: boolean, columns: boolean }> = []
    constructor(readonly options: { test: RegExp, module: boolean, columns: boolean }) {}
    apply(): void {
      SourceMapDevToolPlugin.applied.push(this.options)
    }
  }

  it('adds a source-map plugin that maps modules and matches no asset, unless devtool maps modules', () => {
    SourceMapDevToolPlugin.applied = []
    requestRspackLoaderMaps({ options: { devtool: false }, rspack: { SourceMapDevToolPlugin } }, () => {})
    requestRspackLoaderMaps({ options: { devtool: 'source-map' }, rspack: { SourceMapDevToolPlugin } }, () => {})
    expect(SourceMapDevToolPlugin.applied).toHaveLength(1)
    expect(SourceMapDevToolPlugin.applied[0]).toMatchObject({ module: true, columns: true })
    expect(['main.js', 'main.3f2a.js', 'index.html', 'main.css'].some(asset => SourceMapDevToolPlugin.applied[0]!.test.test(asset))).toBe(false)
  })

  it('takes `cheap` out of the devtool, whose loader maps have no columns, and says so', () => {
    SourceMapDevToolPlugin.applied = []
    const said: string[] = []
    const devtools = ['cheap-module-source-map', 'eval-cheap-module-source-map', 'hidden-cheap-source-map'].map((devtool) => {
      const compiler = { options: { devtool }, rspack: { SourceMapDevToolPlugin } }
      requestRspackLoaderMaps(compiler, message => said.push(message))
      return compiler.options.devtool
    })
    expect(devtools).toEqual(['source-map', 'eval-source-map', 'hidden-source-map'])
    expect(SourceMapDevToolPlugin.applied).toEqual([])
    expect(said[0]).toBe('[execscope] Using devtool "source-map" instead of "cheap-module-source-map": rspack\'s loaders make maps without columns under "cheap", and functions would be placed on the wrong lines.')
  })
})
