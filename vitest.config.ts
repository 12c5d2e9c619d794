import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url))

// Unit tests run against sources: every @execscope/* import resolves to packages/<name>/src.
const alias = readdirSync(packagesDir)
  .filter(name => name !== 'execscope')
  .map(name => ({ find: new RegExp(`^@execscope/${name}$`), replacement: `${packagesDir}${name}/src/index.ts` }))

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          root: './test',
          include: ['**/*.test.ts'],
          // Copies of playgrounds that tests build or run (with test files of their own) live in .tmp.
          exclude: ['**/node_modules/**', '.tmp/**'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
