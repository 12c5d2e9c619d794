import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { playgroundDir } from '#test-utils'
import { build, createServer } from 'vite'
import { afterEach, describe, expect, it, vi } from 'vitest'

/** A tiny app in a temp directory, with the playground's node_modules (vite, execscope) linked. */
function tinyApp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'execscope-tiny-'))
  symlinkSync(join(playgroundDir('browser-app'), 'node_modules'), join(dir, 'node_modules'), 'dir')
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

const dirs: string[] = []
afterEach(() => {
  vi.restoreAllMocks()
  if (!process.env.EXECSCOPE_KEEP_TMP) for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('bad input through a real vite config', () => {
  it('an invalid option fails the config, naming the option, the value and what is expected', async () => {
    const dir = tinyApp({
      'vite.config.mjs': `import execscope from 'execscope/vite'\nexport default { plugins: [execscope({ ring: { capacity: 1000 } })] }\n`,
      'index.html': '<p>hi</p>',
    })
    dirs.push(dir)
    await expect(createServer({ root: dir, configFile: join(dir, 'vite.config.mjs'), logLevel: 'silent' }))
      .rejects
      .toThrow('[execscope] Option "ring.capacity" must be a power of two from 1024 to 4194304, e.g. 65536, got 1000.')
  })

  it('a module acorn cannot parse is left untouched with one located warning, and the build goes on', async () => {
    const dir = tinyApp({
      'vite.config.mjs': `import execscope from 'execscope/vite'\nexport default { plugins: [execscope()], logLevel: 'silent', build: { minify: false } }\n`,
      'index.html': '<script type="module" src="/src/main.js"></script>',
      'src/main.js': `import { make } from './legacy.js'\nexport function main() { return make().x }\ndocument.body.textContent = String(main())\n`,
      // Decorators: the bundler lowers them, acorn (our parser) cannot read them yet.
      'src/legacy.js': `function dec(value) { return value }\nexport function make() {\n  @dec class A { x = 1 }\n  return new A()\n}\n`,
    })
    dirs.push(dir)
    const stderr = vi.spyOn(process.stderr, 'write')
    await build({ root: dir, configFile: join(dir, 'vite.config.mjs') })
    const warnings = stderr.mock.calls.map(call => String(call[0])).filter(line => line.includes('[execscope]'))
    expect(warnings).toEqual(['[execscope] Could not parse src/legacy.js:3:3 (Unexpected character \'@\'); left it uninstrumented.\n'])
    const assets = join(dir, 'dist/assets')
    const bundle = readdirSync(assets).filter(f => f.endsWith('.js')).map(f => readFileSync(join(assets, f), 'utf8')).join('\n')
    // main() is instrumented (its site calls the runtime), the class from legacy.js still works.
    expect(bundle).toMatch(/function main\(\) \{\s*const \w+ = \w+\(\d+\);\s*(?:let \w+;\s*)?try \{/)
    expect(bundle).toContain('class A')
  })
})
