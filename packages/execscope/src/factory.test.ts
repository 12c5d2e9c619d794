import type { Plugin } from 'vite'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { execscope } from './index.ts'

function transformOf(plugins: Plugin[]): (code: string, id: string) => Promise<unknown> {
  const plugin = plugins.find(p => p.name === 'execscope:instrument')!
  const hook = plugin.transform as { handler: (this: unknown, code: string, id: string) => Promise<unknown> }
  return (code, id) => hook.handler.call({ getCombinedSourcemap: () => null }, code, id)
}

describe('execscope()', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('fails on a bad option, naming the option, the value and what is expected', () => {
    expect(() => execscope.vite({ flushIntervalMs: -5 })).toThrowErrorMatchingInlineSnapshot(`[ExecscopeError: [execscope] Option "flushIntervalMs" must be an integer from 10 to 60000, e.g. 200, got -5.]`)
  })

  it('returns two plugins: the runtime module and the instrumenter', () => {
    expect(execscope.vite().map(p => p.name)).toEqual(['execscope:runtime', 'execscope:instrument'])
  })

  it('instruments the app\'s modules and imports the runtime', async () => {
    const transform = transformOf(execscope.vite())
    const result = await transform('export function hello(name) { return `hi ${name}` }', `${process.cwd()}/src/hello.js`) as { code: string }
    expect(result.code).toMatch(/from\s*"execscope:runtime"/)
    expect(result.code).toContain('`hi ${name}`')
    expect(result.code).toMatch(/__es0e\(\d+\)/)
  })

  it('records calls in a build unless told otherwise, and previews values and state at the level asked', async () => {
    const source = 'export class Counter { n = 0; inc(by) { this.n += by; return this.n } }'
    const id = `${process.cwd()}/src/counter.js`
    const imports = async (plugins: Plugin[]): Promise<string> => /import\{([^}]*)\}/.exec((await transformOf(plugins)(source, id) as { code: string }).code)![1]!.replace(/__es\d+/g, '')
    expect(await imports(execscope.vite())).toBe('e as e,r as r,x as x,a as a,s as s,u as u')
    expect(await imports(execscope.vite({ record: 'values' }))).toBe('e as e,r as r,x as x,a as a,s as s,u as u,p as p,v as v,q as q,y as y')
    expect(await imports(execscope.vite({ record: 'full' }))).toBe('e as e,r as r,x as x,a as a,s as s,u as u,o as o,c as c,p as p,v as v,q as q,y as y')
  })

  it('draws which sessions record in a build that asks for a sample, never under the dev server', async () => {
    const runtimeModule = async (command: 'build' | 'serve'): Promise<string> => {
      const [runtime, instrument] = execscope.vite({ sample: 0.25 })
      ;(instrument!.configResolved as (config: unknown) => void)({ root: process.cwd(), command, plugins: [], server: { fs: { allow: [] } } })
      const load = runtime!.load as { handler: (this: unknown, id: string) => Promise<string> }
      return load.handler.call({}, '\0execscope:runtime:browser')
    }
    expect(await runtimeModule('build')).toContain('globalThis[sampledKey] = Math.random() < 0.25;')
    expect(await runtimeModule('serve')).not.toContain('Math.random')
  })

  it('leaves a component compiled without a map alone (vue-loader\'s own module), and instruments its parts that have one', async () => {
    // The same transform as webpack's, given the context webpack gives it: the loader's input map.
    const instrument = execscope.vite().find(p => p.name === 'execscope:instrument')!
    const hook = instrument.transform as { handler: (this: unknown, code: string, id: string) => Promise<unknown> }
    const underWebpack = (inputSourceMap: unknown): unknown => ({ getNativeBuildContext: () => ({ framework: 'webpack', inputSourceMap }) })
    const glue = 'import script from "./App.vue?vue&type=script"\nif (module.hot) { module.hot.accept("./App.vue?vue&type=template", () => { api.rerender("x", render) }) }\nexport default script\n'
    expect(await hook.handler.call(underWebpack(undefined), glue, `${process.cwd()}/src/App.vue`)).toBeNull()
    const script = 'export function onEnter(value) { return value.trim() }\n'
    const identity = { version: 3, sources: ['App.vue'], names: [], mappings: 'AAAA' }
    const result = await hook.handler.call(underWebpack(identity), script, `${process.cwd()}/src/App.vue?vue&type=script&lang=js`) as { code: string }
    expect(result.code).toMatch(/__es0e\(\d+\)/)
  })

  it('says once, naming the file and the loader, when the map it is given describes a loader\'s output and not the file', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const instrument = execscope.vite().find(p => p.name === 'execscope:instrument')!
    const hook = instrument.transform as { handler: (this: unknown, code: string, id: string) => Promise<unknown> }
    const cwd = process.cwd()
    // What ts-loader hands on after vue-loader: its own map, whose source is vue-loader's request.
    const inputSourceMap = { version: 3, sources: [`${cwd}/node_modules/vue-loader/dist/index.js??ruleSet[1].rules[6].use[0]!${cwd}/src/Todos.vue?vue&type=script&setup=true&lang=ts`], names: [], mappings: 'AAAA' }
    const context = { getNativeBuildContext: () => ({ framework: 'webpack', inputSourceMap }) }
    for (let i = 0; i < 2; i++) await hook.handler.call(context, 'export function addTodo(title) { return title }\n', `${cwd}/src/Todos.vue?vue&type=script&setup=true&lang=ts`)
    const warnings = stderr.mock.calls.map(call => String(call[0]))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^\[execscope\] The source map of src\/Todos\.vue that reached execscope is of vue-loader's output, not of the file/)
  })

  it('leaves an unparseable module untouched with one located warning, and goes on', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const transform = transformOf(execscope.vite())
    const id = `${process.cwd()}/src/broken.js`
    expect(await transform('export const a = 1\nlet = = 2\n', id)).toBeNull()
    expect(await transform('export const a = 1\nlet = = 2\n', id)).toBeNull()
    const warnings = stderr.mock.calls.map(call => String(call[0]))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^\[execscope\] Could not parse src\/broken\.js:2:\d+ .*left it uninstrumented\./)
  })
})
