import type { UnpluginBuildContext } from 'unplugin'
import { describe, expect, it } from 'vitest'
import { runtimeTargetOf } from './runtime-target.ts'

function native(context: unknown): UnpluginBuildContext {
  return { getNativeBuildContext: () => context } as unknown as UnpluginBuildContext
}

describe('runtimeTargetOf', () => {
  it('reads Vite\'s environment: server consumers (SSR) get the Node runtime', () => {
    expect(runtimeTargetOf({ environment: { name: 'ssr', config: { consumer: 'server' } } } as unknown as UnpluginBuildContext, false)).toBe('node')
    expect(runtimeTargetOf({ environment: { name: 'client', config: { consumer: 'client' } } } as unknown as UnpluginBuildContext, false)).toBe('browser')
  })

  it('gives Vitest the Node runtime whatever the environment', () => {
    expect(runtimeTargetOf({ environment: { name: 'client', config: { consumer: 'client' } } } as unknown as UnpluginBuildContext, true)).toBe('node')
  })

  it('reads esbuild\'s platform', () => {
    expect(runtimeTargetOf(native({ framework: 'esbuild', build: { initialOptions: { platform: 'node' } } }), false)).toBe('node')
    expect(runtimeTargetOf(native({ framework: 'esbuild', build: { initialOptions: {} } }), false)).toBe('browser')
  })

  it('reads webpack\'s and rspack\'s target, as a string or a list', () => {
    const webpack = (target: unknown): UnpluginBuildContext => native({ framework: 'webpack', compiler: { options: { target } } })
    expect(runtimeTargetOf(webpack('node'), false)).toBe('node')
    expect(runtimeTargetOf(webpack('node18.17'), false)).toBe('node')
    expect(runtimeTargetOf(webpack(['async-node', 'es2020']), false)).toBe('node')
    expect(runtimeTargetOf(webpack('electron-main'), false)).toBe('node')
    expect(runtimeTargetOf(webpack('web'), false)).toBe('browser')
    expect(runtimeTargetOf(webpack(['web', 'es5']), false)).toBe('browser')
    expect(runtimeTargetOf(webpack(undefined), false)).toBe('browser')
    expect(runtimeTargetOf(native({ framework: 'rspack', compiler: { options: { target: 'node' } } }), false)).toBe('node')
  })

  it('defaults to the browser when the bundler says nothing (Rollup) or cannot be asked', () => {
    expect(runtimeTargetOf({} as UnpluginBuildContext, false)).toBe('browser')
    expect(runtimeTargetOf({ getNativeBuildContext: () => { throw new Error('not here') } } as unknown as UnpluginBuildContext, false)).toBe('browser')
  })
})
