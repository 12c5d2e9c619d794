import { afterEach, describe, expect, it, vi } from 'vitest'

// A fresh module per test: it says once per thread.
async function load(): Promise<typeof import('./collector-trouble.ts')> {
  vi.resetModules()
  return import('./collector-trouble.ts')
}

const said = (): string[] => (vi.mocked(process.stderr.write).mock.calls as unknown[][]).map(call => String(call[0]))
const body = new Uint8Array(48)

describe('sayCollectorTrouble', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('says once, at once, that a wrong endpoint path is no collector', async () => {
    const { sayCollectorTrouble } = await load()
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const post = sayCollectorTrouble('http://127.0.0.1:4318/ingest', async () => 404)
    expect(await post(body)).toBe(404)
    expect(await post(body)).toBe(404)
    expect(said()).toEqual([`[execscope] The collector at http://127.0.0.1:4318 answered 404 for /ingest: nothing takes records there. The endpoint must be the collector's base URL, ending in /__execscope (EXECSCOPE_ENDPOINT, or the endpoint option of the build, names it). This process's records are not being stored.\n`])
  })

  it('says a collector it cannot reach once a batch is lost (four failures in a row), not on a passing failure', async () => {
    const { sayCollectorTrouble } = await load()
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4318'), { code: 'ECONNREFUSED' })
    let failures = 3
    const post = sayCollectorTrouble('http://127.0.0.1:4318/__execscope/ingest', async () => {
      if (failures-- > 0) throw refused
      return 204
    })
    for (let i = 0; i < 3; i++) await expect(post(body)).rejects.toBe(refused)
    expect(await post(body)).toBe(204)
    expect(said()).toEqual([])
    failures = 4
    for (let i = 0; i < 4; i++) await expect(post(body)).rejects.toBe(refused)
    expect(said()).toEqual([`[execscope] Cannot reach the collector at http://127.0.0.1:4318 (connection refused). Is \`execscope serve\` running there? (EXECSCOPE_ENDPOINT, or the endpoint option of the build, names it.) This process's records are not being stored.\n`])
  })

  it('says nothing of answers that mean stored, already stored, or try again, and says a failed exit once', async () => {
    const { sayCollectorTrouble, sayLastBatchesLost } = await load()
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    for (const status of [204, 409, 408, 429, 503]) await sayCollectorTrouble('http://127.0.0.1:4318/__execscope/ingest', async () => status)(body)
    expect(said()).toEqual([])
    // The exit path's helper could not deliver: said, once.
    sayLastBatchesLost('http://127.0.0.1:4318/__execscope/ingest')
    sayLastBatchesLost('http://127.0.0.1:4318/__execscope/ingest')
    expect(said()).toHaveLength(1)
  })
})
