// A module hook for child processes of tests: runs the TypeScript sources (as vitest does for the
// tests themselves), mapping @execscope/* to packages/*/src and transpiling .ts with TypeScript.
// Usage: node --import ./test/ts-loader.mjs child.mjs
import { readFileSync } from 'node:fs'
import { createRequire, register } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

if (!globalThis.__execscopeTsLoader) {
  globalThis.__execscopeTsLoader = true
  register(import.meta.url, { data: {} })
}

const packages = new URL('../../', import.meta.url)
const ts = createRequire(new URL('../../../package.json', import.meta.url))('typescript')

export async function resolve(specifier, context, next) {
  const match = /^@execscope\/([a-z-]+)$/.exec(specifier)
  if (match && match[1] !== 'execscope') return { url: new URL(`${match[1]}/src/index.ts`, packages).href, shortCircuit: true }
  return next(specifier, context)
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context)
  const source = readFileSync(fileURLToPath(url), 'utf8')
  const { outputText } = ts.transpileModule(source, { fileName: fileURLToPath(url), compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true, rewriteRelativeImportExtensions: false } })
  return { format: 'module', source: outputText, shortCircuit: true }
}

export const loaderUrl = pathToFileURL(fileURLToPath(import.meta.url)).href
