import { renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Writes `text` aside and renames it into place, so a reader never sees half a file. */
export function writeWhole(dir: string, name: string, text: string): void {
  const temporary = join(dir, `.${name}.${process.pid}.tmp`)
  writeFileSync(temporary, text)
  renameSync(temporary, join(dir, name))
}
