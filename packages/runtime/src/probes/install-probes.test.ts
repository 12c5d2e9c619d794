import type { AddressInfo } from 'node:net'
import type { Recorder } from '../shared/recorder.ts'
import { createServer } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { install } from '../browser/install.ts'
import { createRecorder } from '../shared/recorder.ts'
import { installProbes, withoutProbes } from './install-probes.ts'
import { drainRows, linkOutsWithin, story } from './records.test-support.ts'

// Captured before any install: the tests wait with these, so waiting records nothing.
const realSetTimeout = globalThis.setTimeout
const sleep = (ms: number): Promise<void> => new Promise(resolve => realSetTimeout(resolve, ms))

/** Waits until `done()` holds (timers can run late on a loaded machine), at most 10 s. */
async function until(done: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 10_000; !done() && Date.now() < deadline;) await sleep(5)
}

type FakeCallback = (...args: unknown[]) => unknown
interface FakeHost { queue: Map<number, FakeCallback>, fire: (id: number, ...args: unknown[]) => unknown }

/** A scheduler the test fires by hand, defined on globalThis before install, like a browser's rAF. */
function defineFakeScheduler(name: string, cancelName: string): FakeHost {
  const queue = new Map<number, FakeCallback>()
  let last = 0
  const g = globalThis as unknown as Record<string, unknown>
  g[name] = function (callback: FakeCallback) {
    queue.set(++last, callback)
    return last
  }
  g[cancelName] = (id: number) => queue.delete(id)
  return {
    queue,
    fire: (id, ...args) => {
      const cb = queue.get(id)!
      queue.delete(id)
      return cb.call(globalThis, ...args)
    },
  }
}

let rec: Recorder
let uninstall: () => void = () => {}
let raf: FakeHost
let ric: FakeHost

beforeEach(() => {
  raf = defineFakeScheduler('requestAnimationFrame', 'cancelAnimationFrame')
  ric = defineFakeScheduler('requestIdleCallback', 'cancelIdleCallback')
  rec = createRecorder({ ringCapacity: 1 << 16, timedCallsPerSite: 0, sampleEvery: 65536 })
  uninstall = installProbes(rec.ring)
})

afterEach(() => {
  uninstall()
  const g = globalThis as unknown as Record<string, unknown>
  for (const name of ['requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback']) delete g[name]
})

/** Runs `body` as instrumented code would: Enter, body, Return (or Throw). */
function call<T>(site: number, body: () => T): T {
  const t = rec.e(site)
  try {
    return body()
  }
  catch (error) {
    rec.x(site, t, error)
    throw error
  }
  finally {
    rec.r(site, t)
  }
}

describe('installProbes', () => {
  it('links a setTimeout callback to the call that scheduled it', async () => {
    call(1, () => {
      setTimeout((a: number, b: number) => call(2, () => a + b), 0, 1, 2)
    })
    await sleep(20)
    expect(story(drainRows(rec), [1, 2])).toMatchInlineSnapshot(`
      [
        "enter 1",
        "link-out timer #1",
        "return 1",
        "link-in timer #1",
        "enter 2",
        "return 2",
        "link-end timer #1",
      ]
    `)
  })

  it('links a then reaction, and each setInterval firing with the same token', async () => {
    let fired = 0
    call(1, () => {
      void Promise.resolve(7).then(v => call(2, () => v))
      const id = setInterval(() => call(3, () => {
        if (++fired === 2) clearInterval(id)
      }), 1)
    })
    await until(() => fired === 2)
    await sleep(5)
    expect(fired).toBe(2)
    expect(story(drainRows(rec), [1, 2, 3])).toMatchInlineSnapshot(`
      [
        "enter 1",
        "link-out promise #1",
        "link-out timer #2",
        "return 1",
        "link-in promise #1",
        "enter 2",
        "return 2",
        "link-end promise #1",
        "link-in timer #2",
        "enter 3",
        "return 3",
        "link-end timer #2",
        "link-in timer #2",
        "enter 3",
        "return 3",
        "link-end timer #2",
      ]
    `)
  })

  it('closes the window of a callback that throws, and the error reaches the scheduler unchanged', async () => {
    const boom = new Error('boom')
    let caught: unknown
    call(1, () => {
      requestAnimationFrame(() => call(2, () => {
        throw boom
      }))
      void Promise.reject(boom).catch((e: unknown) => call(3, () => {
        throw e
      })).catch((e: unknown) => {
        caught = e
      })
    })
    expect(() => raf.fire(1, 16.6)).toThrow(boom)
    await sleep(5)
    expect(caught).toBe(boom)
    expect(story(drainRows(rec), [1, 2, 3])).toMatchInlineSnapshot(`
      [
        "enter 1",
        "link-out timer #1",
        "link-out promise #2",
        "link-out promise #3",
        "return 1",
        "link-in timer #1",
        "enter 2",
        "throw 2",
        "link-end timer #1",
        "link-in promise #2",
        "enter 3",
        "throw 3",
        "link-end promise #2",
        "link-in promise #3",
        "link-end promise #3",
      ]
    `)
  })

  it('links queueMicrotask, process.nextTick, setImmediate and requestIdleCallback as timers', async () => {
    call(1, () => {
      queueMicrotask(() => call(2, () => {}))
      process.nextTick(() => call(3, () => {}))
      setImmediate(() => call(4, () => {}))
      requestIdleCallback(() => call(5, () => {}))
    })
    ric.fire(1, { timeRemaining: () => 10 })
    await sleep(10)
    const rows = story(drainRows(rec), [1, 2, 3, 4, 5])
    expect(rows.slice(0, 6)).toEqual(['enter 1', 'link-out timer #1', 'link-out timer #2', 'link-out timer #3', 'link-out timer #4', 'return 1'])
    // Each callback runs in its own window, whatever order the host runs them in.
    for (const [token, site] of [[1, 2], [2, 3], [3, 4], [4, 5]]) {
      const at = rows.indexOf(`enter ${site}`)
      expect(rows.slice(at - 1, at + 3)).toEqual([`link-in timer #${token}`, `enter ${site}`, `return ${site}`, `link-end timer #${token}`])
    }
  })

  it('gives reactions on fetch promises and the promises derived from them kind Fetch', async () => {
    await call(1, () => fetch('data:text/plain,hi')
      .then(res => call(2, () => res.text()))
      .then(text => call(3, () => text)))
    // Node's fetch is JavaScript that schedules reactions and timers of its own: only the Fetch links here.
    expect(story(drainRows(rec), [1, 2, 3], { linkKinds: [4] })).toMatchInlineSnapshot(`
      [
        "enter 1",
        "link-out fetch #1",
        "link-out fetch #2",
        "return 1",
        "link-in fetch #1",
        "enter 2",
        "return 2",
        "link-end fetch #1",
        "link-in fetch #2",
        "enter 3",
        "return 3",
        "link-end fetch #2",
      ]
    `)
  })

  it('links listeners run by dispatchEvent to the dispatching call, and host dispatches to no cause', async () => {
    const target = new EventTarget()
    target.addEventListener('ping', () => call(2, () => {}))
    target.addEventListener('ping', { handleEvent: () => call(3, () => {}) })
    call(1, () => target.dispatchEvent(new Event('ping')))
    const { port1, port2 } = new MessageChannel()
    const got = new Promise<unknown>((resolve) => {
      port1.onmessage = (e: MessageEvent) => call(5, () => resolve(e.data))
    })
    port2.postMessage({ n: 1 })
    expect(await got).toEqual({ n: 1 })
    port1.close()
    // Node's EventTarget calls `then` on what a handleEvent listener returns: only Event and Message links here.
    const rows = story(drainRows(rec), [1, 2, 3, 5], { withOutside: true, linkKinds: [3, 5] })
    expect(rows).toMatchInlineSnapshot(`
      [
        "enter 1",
        "link-out event #1",
        "link-in event #1",
        "enter 2",
        "return 2",
        "link-end event #1",
        "link-in event #1",
        "enter 3",
        "return 3",
        "link-end event #1",
        "return 1",
        "link-in message #0",
        "enter 5",
        "return 5",
        "link-end message #0",
      ]
    `)
  })

  it('writes nothing for what runs inside withoutProbes, and nothing after uninstall', async () => {
    call(1, () => {
      withoutProbes(() => {
        setTimeout(() => call(2, () => {}), 0)
        void Promise.resolve().then(() => call(3, () => {}))
      })
    })
    await sleep(5)
    uninstall()
    call(4, () => {
      setTimeout(() => call(5, () => {}), 0)
    })
    await sleep(5)
    expect(story(drainRows(rec), [1, 2, 3, 4, 5])).toEqual(['enter 1', 'return 1', 'enter 3', 'return 3', 'enter 2', 'return 2', 'enter 4', 'return 4', 'enter 5', 'return 5'])
  })

  it('links a finally callback, and leaves the engine\'s own then calls (Promise.all, a resolve function) unlinked', async () => {
    let settled = 0
    await call(1, () => Promise.all([
      Promise.resolve(1).finally(() => call(2, () => settled++)),
      new Promise((resolve, reject) => void Promise.resolve(2).then(resolve, reject)),
    ]))
    expect(settled).toBe(1)
    // One link, the finally's: Promise.all's and the resolve function's reactions run no app code,
    // and wrapped they would cut V8's async stack traces (async-stacks.test.ts).
    expect(story(drainRows(rec), [1, 2])).toMatchInlineSnapshot(`
      [
        "enter 1",
        "link-out promise #1",
        "return 1",
        "link-in promise #1",
        "enter 2",
        "return 2",
        "link-end promise #1",
      ]
    `)
  })

  it('adds one frame between the scheduler and the callback, named execscopeLink', async () => {
    const stack = await new Promise<string>((resolve) => {
      call(1, () => setTimeout(() => resolve(new Error('where').stack!), 0))
    })
    const frames = stack.split('\n').slice(1, 3)
    expect(frames[0]).toContain('install-probes.test.ts')
    expect(frames[1]).toMatch(/^ +at Timeout\.execscopeLink \[as _onTimeout\] /)
  })

  it('links nothing scheduled while the ring is empty (top level, right after a drain)', async () => {
    drainRows(rec)
    setTimeout(() => call(2, () => {}), 0)
    void Promise.resolve().then(() => call(3, () => {}))
    expect(drainRows(rec)).toEqual([])
    await sleep(5)
    // The callbacks ran unwrapped: no window opens right before them.
    const rows = drainRows(rec).map(r => r.text)
    for (const site of [2, 3]) expect(rows[rows.indexOf(`enter ${site}`) - 1] ?? '').not.toMatch(/^link-in/)
  })

  it('links nothing scheduled where the ring holds only the probes\' own records (callbacks that run no instrumented code)', async () => {
    call(1, () => setTimeout(() => {
      // Its callback runs no instrumented call: what it schedules has no cause to link to. (A
      // process that loads no instrumented code, npm under NODE_OPTIONS, wrote 114 000 link records.)
      setTimeout(() => {}, 0)
      void Promise.resolve().then(() => {})
    }, 0))
    expect(drainRows(rec).map(r => r.text.replace(/#\d+/, '#n'))).toEqual(['enter 1', 'link-out timer #n', 'return 1'])
    await sleep(20)
    expect(drainRows(rec).map(r => r.text.replace(/#\d+/, '#n'))).toEqual(['clock 0', 'link-in timer #n', 'link-end timer #n'])
    // An instrumented call after them is a cause again.
    call(2, () => setTimeout(() => {}, 0))
    expect(drainRows(rec).map(r => r.text.replace(/#\d+/, '#n'))).toEqual(['enter 2', 'link-out timer #n', 'return 2'])
  })

  it('links nothing scheduled inside a counted call, and links again once it returned', async () => {
    uninstall()
    let isCounting = false
    uninstall = installProbes(rec.ring, { isInCountedCall: () => isCounting })
    call(1, () => {
      isCounting = true
      // A hot, short function the runtime counts: a debounced call that reschedules its timer.
      for (let i = 0; i < 3; i++) void Promise.resolve(i).then(() => {})
      setTimeout(() => call(2, () => {}), 0)
      isCounting = false
      setTimeout(() => call(3, () => {}), 0)
    })
    await sleep(20)
    expect(story(drainRows(rec), [1, 2, 3])).toMatchInlineSnapshot(`
      [
        "enter 1",
        "link-out timer #1",
        "return 1",
        "enter 2",
        "return 2",
        "link-in timer #1",
        "enter 3",
        "return 3",
        "link-end timer #1",
      ]
    `)
  })

  it('lets the runtime\'s transport go idle: one batch after one app call, not a batch per batch', async () => {
    uninstall()
    // This runtime ships from an idle callback when there is one: the fake one here never fires.
    for (const name of ['requestIdleCallback', 'cancelIdleCallback']) delete (globalThis as unknown as Record<string, unknown>)[name]
    let posts = 0
    const server = createServer((req, res) => {
      posts++
      req.resume()
      req.on('end', () => res.writeHead(204).end())
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const rt = install({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, ringCapacity: 1 << 12, flushIntervalMs: 20, timedCallsPerSite: 0, sampleEvery: 8 })
    try {
      uninstall = installProbes(rt.recorder!.ring)
      const t = rt.e(5)
      setTimeout(() => rt.r(6, rt.e(6)), 0)
      rt.r(5, t)
      await sleep(300)
      // Usually one POST of 7 records (Enter 5, LinkOut, Return 5, LinkIn, Enter 6, Return 6,
      // LinkIn|End). On a loaded machine the transport's own first steps can run while app records
      // are still pending and get linked once; what must never happen is a POST per POST.
      const settled = posts
      expect(settled).toBeGreaterThanOrEqual(1)
      expect(settled).toBeLessThanOrEqual(3)
      expect(rt.stats.recordsSent).toBeGreaterThanOrEqual(7)
      await sleep(300)
      expect(posts).toBe(settled)
    }
    finally {
      uninstall()
      rt.dispose()
      await new Promise(resolve => server.close(resolve))
    }
  })

  it('hands out tokens that are never 0 and wrap at 2^32', () => {
    const state = (globalThis as unknown as Record<symbol, { lastToken: number }>)[Symbol.for('execscope.probes')]!
    state.lastToken = 0xFFFFFFFE
    call(1, () => {
      for (let i = 0; i < 3; i++) void Promise.resolve().then(() => {})
    })
    expect(linkOutsWithin(drainRows(rec), [1])).toEqual([0xFFFFFFFF, 1, 2])
  })

  it('is idempotent per realm and restores every original on uninstall', () => {
    const before = new Map(['setTimeout', 'fetch'].map(k => [k, Object.getOwnPropertyDescriptor(globalThis, k)]))
    const then = Promise.prototype.then
    expect(installProbes(createRecorder({ ringCapacity: 16, timedCallsPerSite: 0, sampleEvery: 1 }).ring)).toBe(uninstall)
    uninstall()
    expect(Promise.prototype.then).not.toBe(then)
    for (const [k, desc] of before) expect(Object.getOwnPropertyDescriptor(globalThis, k)!.value).not.toBe(desc!.value)
    expect(Promise.prototype.then.toString()).toContain('[native code]')
    expect(setTimeout.toString()).toContain('function setTimeout(callback, after')
    uninstall()
  })

  it('never throws into the app when the ring does', async () => {
    uninstall()
    const broken = { push: (): boolean => {
      throw new Error('ring broke')
    } }
    uninstall = installProbes(broken)
    const v = await new Promise<number>(resolve => setTimeout(resolve, 0, 5)).then(x => x + 1)
    expect(v).toBe(6)
  })
})
