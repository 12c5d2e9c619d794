import { execFile } from 'node:child_process'
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { instrument } from '@execscope/instrument'
import { afterAll, describe, expect, it } from 'vitest'

// Semantic equivalence: every program prints one JSON verdict line, raw and instrumented alike.
const corpusDir = fileURLToPath(new URL('./corpus/', import.meta.url))
const runtimePath = join(corpusDir, 'support/recording-runtime.mjs')
const programs = readdirSync(corpusDir).filter(name => name.endsWith('.js')).sort()
const workDir = mkdtempSync(join(tmpdir(), 'execscope-corpus-'))

afterAll(() => {
  if (!process.env.EXECSCOPE_KEEP_TMP) rmSync(workDir, { recursive: true, force: true })
})

interface Run { code: number | null, stdout: string, stderr: string }

function run(file: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [file], { env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}

describe('semantic-equivalence corpus', () => {
  it('has at least 30 programs', () => {
    expect(programs.length).toBeGreaterThanOrEqual(30)
  })

  copyFileSync(runtimePath, join(workDir, 'recording-runtime.mjs'))

  for (const name of programs) {
    it(name, async () => {
      const base = name.replace(/\.js$/, '')
      const code = readFileSync(join(corpusDir, name), 'utf8')
      const warnings: string[] = []
      const result = instrument(code, `test/corpus/${name}`, undefined, {
        runtimeSpecifier: './recording-runtime.mjs',
        onWarning: message => warnings.push(message),
      })
      expect(warnings).toEqual([])
      expect(result).not.toBeNull()
      const rawFile = join(workDir, `${base}.raw.mjs`)
      const instrumentedFile = join(workDir, `${base}.instrumented.mjs`)
      const reportFile = join(workDir, `${base}.report.json`)
      writeFileSync(rawFile, code)
      writeFileSync(instrumentedFile, result!.code)

      const [raw, instrumented] = await Promise.all([
        run(rawFile),
        run(instrumentedFile, { EXECSCOPE_CORPUS_REPORT: reportFile }),
      ])
      expect(raw.stderr).toBe('')
      expect(raw.code).toBe(0)
      const lines = raw.stdout.trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(() => JSON.parse(lines[0]!)).not.toThrow()
      expect({ stdout: instrumented.stdout, code: instrumented.code, stderr: instrumented.stderr })
        .toEqual({ stdout: raw.stdout, code: raw.code, stderr: raw.stderr })

      const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { errors: string[], calls: number }
      expect(report.errors).toEqual([])
      expect(report.calls).toBeGreaterThan(0)
    })
  }
})
