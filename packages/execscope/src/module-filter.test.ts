import { describe, expect, it } from 'vitest'
import { createModuleFilter, dependencyIncludeWarning, MAYBE_CODE_ID_RE, relativeId, splitQuery } from './module-filter.ts'

const root = '/app'
const filter = createModuleFilter({ root, include: undefined, exclude: [], runtimeDir: '/repo/packages/runtime' })

describe('createModuleFilter', () => {
  it('instruments the app\'s own scripts', () => {
    for (const id of ['/app/src/main.ts', '/app/src/a.js', '/app/src/b.mjs', '/app/src/c.tsx', '/app/src/d.cjs', '/app/src/App.vue?vue&type=script&setup=true&lang.ts', '/app/src/App.vue', '/app/src/App.vue?vue&type=template&lang.js', '/app/src/Card.svelte'])
      expect(filter(id), id).toBe(true)
  })

  it('leaves dependencies, virtual modules, non-code queries, CSS, types and the runtime alone', () => {
    for (const id of [
      '/app/node_modules/lodash/index.js',
      '\0execscope:runtime',
      '/@vite/client',
      '/app/src/main.ts?raw',
      '/app/src/main.ts?url',
      '/app/src/worker.ts?worker',
      '/app/src/worker.ts?worker&inline',
      '/app/src/App.vue?vue&type=style&index=0&lang.css',
      '/app/src/Card.svelte?svelte&type=style&lang.css',
      '/app/src/App.vue?vue&type=custom&index=0&blockType=i18n',
      '/app/src/style.css',
      '/app/src/types.d.ts',
      '/repo/packages/runtime/dist/browser.js',
      '/elsewhere/shared.ts',
    ]) expect(filter(id), id).toBe(false)
  })

  it('lets the bundler pass only ids that may be code, and every id the filter instruments passes it', () => {
    const code = ['/app/src/main.ts', '/app/src/a.js', '/app/src/b.mjs', '/app/src/c.tsx', '/app/src/d.cjs', '/app/src/App.vue?vue&type=script&setup=true&lang.ts', '/app/src/App.vue', '/app/src/Card.svelte', '/app/src/Page.astro?astro&type=script&index=0&lang.ts', '/app/src/main.ts?v=1a2b']
    for (const id of code) expect(MAYBE_CODE_ID_RE.test(id), id).toBe(true)
    for (const id of code.filter(filter)) expect(MAYBE_CODE_ID_RE.test(id), id).toBe(true)
    // An HTML template (html-webpack-plugin's, Rsbuild's), styles, data: never handed to the transform.
    for (const id of ['/app/index.html', '/app/src/style.css', '/app/src/data.json', '/app/src/logo.svg', '/app/src/jsx.md'])
      expect(MAYBE_CODE_ID_RE.test(id), id).toBe(false)
  })

  it('honours include and exclude globs relative to the root, and regular expressions', () => {
    const only = createModuleFilter({ root, include: ['src/core/**'], exclude: [/legacy/, 'src/core/gen/**'], runtimeDir: '/r' })
    expect(only('/app/src/core/a.ts')).toBe(true)
    expect(only('/app/src/ui/a.ts')).toBe(false)
    expect(only('/app/src/core/legacy.ts')).toBe(false)
    expect(only('/app/src/core/gen/x.ts')).toBe(false)
  })
})

describe('dependencyIncludeWarning', () => {
  it('names the include patterns that aim at node_modules, which are never instrumented', () => {
    const include = ['src/**', /node_modules\/(marked|yaml)\//]
    const only = createModuleFilter({ root, include, exclude: [], runtimeDir: '/r' })
    expect(only('/app/node_modules/marked/lib/marked.esm.js')).toBe(false)
    expect(dependencyIncludeWarning(include)).toBe('[execscope] Option "include" names node_modules (/node_modules\\/(marked|yaml)\\//), but execscope instruments only the app\'s own modules, never dependencies under node_modules: this pattern matches nothing there. A dependency\'s time counts in the self time of the app\'s functions that call it.')
    expect(dependencyIncludeWarning(['node_modules/lodash/**', '**/node_modules/x/*.js'])).toContain('("node_modules/lodash/**", "**/node_modules/x/*.js"), but execscope instruments only the app\'s own modules, never dependencies under node_modules: these patterns match nothing there.')
    expect(dependencyIncludeWarning(['src/**', /lib\//])).toBeUndefined()
    expect(dependencyIncludeWarning(undefined)).toBeUndefined()
  })
})

describe('splitQuery / relativeId', () => {
  it('separates the query and names paths from the root', () => {
    expect(splitQuery('/app/a.ts?v=1&x')).toEqual({ path: '/app/a.ts', query: 'v=1&x' })
    expect(relativeId('/app', '/app/src/a.ts')).toBe('src/a.ts')
  })
})
