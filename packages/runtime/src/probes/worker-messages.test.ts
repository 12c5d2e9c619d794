import type { Recorder } from '../shared/recorder.ts'
import type { LinkRow } from './records.test-support.ts'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { build } from 'esbuild'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createRecorder } from '../shared/recorder.ts'
import { installProbes, withoutProbes } from '../probes-node.ts'
import { drainRows, recordRow } from './records.test-support.ts'

// A real worker thread on the other end: it installs the probes from a bundle of this entry
// (fixtures/worker-messages-worker.mjs runs as plain JavaScript) and leaves its records in shared
// memory; this thread records into a recorder's ring with the probes from source.
const FIXTURE = new URL('./fixtures/worker-messages-worker.mjs', import.meta.url)
let dir: string
let bundleUrl: string
let rec: Recorder
let uninstall: () => void = () => {}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'execscope-worker-probes-'))
  const bundle = join(dir, 'probes.mjs')
  await build({ entryPoints: [fileURLToPath(new URL('../probes-node.ts', import.meta.url))], bundle: true, format: 'esm', platform: 'neutral', outfile: bundle, logLevel: 'silent' })
  bundleUrl = pathToFileURL(bundle).href
})

afterAll(async () => {
  if (!process.env.EXECSCOPE_KEEP_TMP) await rm(dir, { recursive: true, force: true })
})

beforeEach(() => {
  rec = createRecorder({ ringCapacity: 1 << 16, timedCallsPerSite: 0, sampleEvery: 65536 })
  uninstall = installProbes(rec.ring)
})

afterEach(() => uninstall())

/** Runs `body` as instrumented code would: Enter, body, Return. */
function call<T>(site: number, body: () => T): T {
  const t = rec.e(site)
  try {
    return body()
  }
  finally {
    rec.r(site, t)
  }
}

interface Started {
  worker: Worker
  /** The worker's records, once it has exited. */
  records: () => LinkRow[]
}

function startWorker(scenario: string, extra: Record<string, unknown> = {}): Started {
  const shared = new SharedArrayBuffer(4 * (1 + 4 * 4096))
  const worker = new Worker(FIXTURE, { execArgv: [], workerData: { probes: bundleUrl, records: shared, scenario, ...extra } })
  const records = (): LinkRow[] => {
    const words = new Int32Array(shared)
    return Array.from({ length: words[0]! }, (_, i) => recordRow(words[1 + 4 * i]!, words[2 + 4 * i]!, words[3 + 4 * i]! >>> 0))
  }
  return { worker, records }
}

const exited = (worker: Worker): Promise<number> => new Promise(resolve => worker.once('exit', resolve))

const isMessageRecord = (r: LinkRow): boolean => r.kind === 13 || r.kind === 14
const isMessageWindow = (r: LinkRow): boolean => r.kind === 9 && r.text.includes(' message #')

/**
 * What happened on one channel: the message records of `channel`, the calls of `sites`, and the
 * Message windows (`link-in`/`link-end message`) that hold a message record of the channel, with
 * whatever is nested in them. Windows of other deliveries (Node's own ports) are left out.
 */
function channelStory(rows: LinkRow[], channel: number, sites: number[] = []): string[] {
  const keep = new Set<number>()
  const open: number[] = []
  const windows: Array<{ from: number, to: number }> = []
  rows.forEach((r, i) => {
    if (isMessageWindow(r) && r.text.startsWith('link-in')) open.push(i)
    else if (isMessageWindow(r) && open.length > 0) windows.push({ from: open.pop()!, to: i })
    if ((isMessageRecord(r) && r.site === channel) || (r.kind <= 3 && sites.includes(r.site))) keep.add(i)
  })
  for (const { from, to } of windows) {
    if (rows.slice(from, to).some(r => isMessageRecord(r) && r.site === channel)) {
      for (let i = from; i <= to; i++) {
        if (isMessageWindow(rows[i]!)) keep.add(i)
      }
    }
  }
  return rows.filter((_, i) => keep.has(i)).map(r => r.text)
}

describe('worker message probes', () => {
  it('numbers each direction of a channel alike at both ends, one receipt and one window per delivered message', async () => {
    const { worker, records } = startWorker('echo', { count: 3 })
    const channel = worker.threadId
    const replies: unknown[] = []
    // Two listeners: the Worker emits each message once, and that is what is counted.
    worker.on('message', data => call(2, () => replies.push(data)))
    worker.on('message', () => {})
    const done = exited(worker)
    call(1, () => {
      worker.postMessage('a')
      // Not sent (it cannot be cloned): not numbered.
      expect(() => worker.postMessage(() => {})).toThrow(/could not be cloned/)
      worker.postMessage('b')
    })
    // Counted without probes too, so the worker's third receipt still pairs with it.
    withoutProbes(() => worker.postMessage('c'))
    expect(await done).toBe(0)
    expect(replies).toEqual(['a!', 'b!', 'c!'])

    const parent = drainRows(rec)
    expect(parent.filter(r => isMessageRecord(r) && r.site === channel).every(r => r.isTimed)).toBe(true)
    expect(channelStory(parent, channel, [1, 2])).toMatchInlineSnapshot(`
      [
        "enter 1",
        "message-send down #1",
        "message-send down #2",
        "return 1",
        "link-in message #0",
        "message-receive up #1",
        "enter 2",
        "return 2",
        "link-end message #0",
        "link-in message #0",
        "message-receive up #2",
        "enter 2",
        "return 2",
        "link-end message #0",
        "link-in message #0",
        "message-receive up #3",
        "enter 2",
        "return 2",
        "link-end message #0",
      ]
    `)

    const inWorker = records()
    expect(inWorker.filter(isMessageRecord).every(r => r.site === channel && r.isTimed)).toBe(true)
    expect(channelStory(inWorker, channel)).toMatchInlineSnapshot(`
      [
        "link-in message #0",
        "message-receive down #1",
        "message-send up #1",
        "link-end message #0",
        "link-in message #0",
        "message-receive down #2",
        "message-send up #2",
        "link-end message #0",
        "link-in message #0",
        "message-receive down #3",
        "message-send up #3",
        "link-end message #0",
      ]
    `)
    // After its uninstall the worker's MessagePort prototype and parentPort are as they were.
    expect(inWorker.find(r => r.kind === 99)).toMatchObject({ site: 0b111, payload: 3 })
  })

  it('counts messages delivered to a Worker nobody listens to, and numbers nothing on other ports', async () => {
    const { worker, records } = startWorker('burst')
    const done = exited(worker)
    const channel = worker.threadId
    expect(await done).toBe(0)
    expect(channelStory(drainRows(rec), channel)).toMatchInlineSnapshot(`
      [
        "link-in message #0",
        "message-receive up #1",
        "link-end message #0",
        "link-in message #0",
        "message-receive up #2",
        "link-end message #0",
      ]
    `)
    expect(records().filter(isMessageRecord).map(r => r.text)).toEqual(['message-send up #1', 'message-send up #2'])
  })

  it('numbers nothing for Node\'s own workers (an InternalWorker, such as the loader hooks thread)', async () => {
    // Shaped like Node's InternalWorker: a subclass whose prototype adds receiveMessageSync.
    class LikeInternal extends Worker {
      receiveMessageSync(): undefined {
        return undefined
      }
    }
    const worker = new LikeInternal(`require('node:worker_threads').parentPort.once('message', m => require('node:worker_threads').parentPort.postMessage(m))`, { eval: true, execArgv: [] })
    // Both listened for from the start: the worker exits right after it replies, and on a busy
    // machine its 'exit' can come before a listener added once the reply arrived.
    const reply = new Promise(resolve => worker.once('message', resolve))
    const done = exited(worker)
    call(1, () => worker.postMessage('ping'))
    expect(await reply).toBe('ping')
    await done
    expect(drainRows(rec).filter(isMessageRecord)).toEqual([])
  })

  it('keeps name and length of what it patches, and puts every original back on uninstall', () => {
    const proto = Worker.prototype as unknown as Record<string, unknown>
    const emit = (): { name: string, length: number } => {
      const fn = proto.emit as (...args: unknown[]) => unknown
      return { name: fn.name, length: fn.length }
    }
    const patched = { post: Object.getOwnPropertyDescriptor(proto, 'postMessage')!, emit: emit(), ownsEmit: Object.hasOwn(proto, 'emit') }
    uninstall()
    const original = Object.getOwnPropertyDescriptor(proto, 'postMessage')!
    expect(Object.hasOwn(proto, 'emit')).toBe(false)
    expect(patched.ownsEmit).toBe(true)
    expect(patched.emit).toEqual(emit())
    expect(patched.post.value).not.toBe(original.value)
    const shape = (d: PropertyDescriptor): unknown => ({ ...d, value: undefined, name: (d.value as () => void).name, length: (d.value as () => void).length })
    expect(shape(patched.post)).toEqual(shape(original))
  })
})
