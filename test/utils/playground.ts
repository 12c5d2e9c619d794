import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Absolute path of `playground/<name>`. */
export function playgroundDir(name: string): string {
  return resolve(fileURLToPath(new URL('../../playground/', import.meta.url)), name)
}

/**
 * Copies a playground app into a fresh temp directory (its own sources, so they are inside the
 * root and get instrumented; its node_modules linked), and returns the directory and a cleanup.
 * Set EXECSCOPE_KEEP_TMP=1 to keep it for debugging.
 */
export function copyPlayground(name: string): { dir: string, cleanup: () => void } {
  const source = playgroundDir(name)
  const dir = mkdtempSync(join(tmpdir(), `execscope-${name}-`))
  cpSync(source, dir, {
    recursive: true,
    filter: path => !/[\\/](?:node_modules|\.execscope|dist)(?:[\\/]|$)/.test(path.slice(source.length)),
  })
  symlinkSync(join(source, 'node_modules'), join(dir, 'node_modules'), 'dir')
  return {
    dir,
    cleanup: () => {
      if (!process.env.EXECSCOPE_KEEP_TMP) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Writes a small project, file path → text, into `dir`, emptied first. */
export function writeProject(dir: string, files: Record<string, string>): void {
  rmSync(dir, { recursive: true, force: true })
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
}
