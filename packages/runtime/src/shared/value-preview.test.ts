import { types } from 'node:util'
import { runInNewContext } from 'node:vm'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodePreview, isPreviewing, previewValue } from './value-preview.ts'

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8')
const isProxy = (v: object): boolean => types.isProxy(v)

/** Counts every call of user code planted in test values: getters, setters, toJSON/toString/valueOf, traps. */
class Tripwire {
  calls: string[] = []

  hit(what: string): void {
    this.calls.push(what)
  }

  /** Adds an accessor, toJSON/toString/valueOf and Symbol.toStringTag getter to `obj` (if extensible). */
  arm<T>(obj: T): T {
    if (typeof obj !== 'object' || obj === null || !Object.isExtensible(obj)) return obj
    const hit = (what: string): (() => string) => () => {
      this.hit(what)
      return what
    }
    Object.defineProperty(obj, 'lazy', { get: hit('get lazy'), set: hit('set lazy'), enumerable: true, configurable: true })
    Object.defineProperty(obj, Symbol.toStringTag, { get: hit('get @@toStringTag'), configurable: true })
    for (const key of ['toJSON', 'toString', 'valueOf', 'inspect'])
      Object.defineProperty(obj, key, { value: hit(key), configurable: true, enumerable: false })
    return obj
  }

  /** A Proxy of `target` whose every trap records that it ran. */
  proxy<T extends object>(target: T): T {
    const handler: ProxyHandler<T> = {}
    for (const trap of ['get', 'set', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'defineProperty', 'deleteProperty', 'isExtensible', 'preventExtensions', 'setPrototypeOf', 'apply', 'construct'] as const) {
      (handler as Record<string, unknown>)[trap] = (...args: unknown[]) => {
        this.hit(`trap ${trap}`)
        return (Reflect[trap] as (...a: unknown[]) => unknown)(...args)
      }
    }
    return new Proxy(target, handler)
  }
}

describe('previewValue', () => {
  it('shows plain data as JSON and redacts secret-looking keys', () => {
    expect(previewValue({ user: 'ada', password: 'hunter2', nested: { apiKey: 'k', list: [1, 'two', null, true] }, Authorization: 'Bearer x' }))
      .toMatchInlineSnapshot(`"{"user":"ada","password":["redacted"],"nested":{"apiKey":["redacted"],"list":["arr",[1,"two",null,true]]},"Authorization":["redacted"]}"`)
    expect(previewValue({ token: 1 }, { redactKeys: /^$/ })).toBe('{"token":1}')
  })

  it('gives placeholders for values JSON cannot hold', () => {
    class Point {
      constructor(readonly x: number) {}
    }
    const err = new TypeError('bad input')
    // Formatting a V8 stack calls Error.prepareStackTrace (vitest installs one): the stack is read only without it.
    const hook = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace')
    expect(decodePreview(previewValue(err))).toEqual(['err', 'TypeError', 'bad input', null])
    delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace
    const text = previewValue([undefined, Number.NaN, -0, 10n ** 30n, Symbol('s'), function named() {}, new Point(1), new Map([['a', 1], ['secret', 2]]), new Set([1]), new Date(0), new Date(Number.NaN), new Uint8Array([1, 2]), new ArrayBuffer(8), [, 1]])
    expect(text).toMatchInlineSnapshot(`"["arr",[["u"],["n","NaN"],["n","-0"],["big","1000000000000000000000000000000"],["sym","s"],["fn","named"],["obj","Point",{"x":1},0],["map",2,[["a",1],["secret",["redacted"]]]],["set",1,[1]],["date","1970-01-01T00:00:00.000Z"],["date","Invalid Date"],["ta","Uint8Array",2,[1,2]],["ab",8],["arr",[["hole"],1]]]]"`)
    let preview: unknown
    try {
      preview = decodePreview(previewValue(err))
    }
    finally {
      if (hook) Object.defineProperty(Error, 'prepareStackTrace', hook)
    }
    const [name, message, stack] = (preview as string[]).slice(1)
    expect([name, message]).toEqual(['TypeError', 'bad input'])
    expect(stack).toMatch(/^TypeError: bad input\n {4}at /)
  })

  it('recognizes subclasses of intrinsics and intrinsics of another realm, and class instances without probing them', () => {
    class Registry extends Map<string, number> {}
    class Point {
      x = 1
      y = 2
    }
    expect(previewValue(new Registry([['a', 1]]))).toBe('["map",1,[["a",1]]]')
    expect(previewValue(runInNewContext('[new Map([[1, 2]]), new Set(["s"]), new Date(0), new Uint8Array([7])]'))).toBe('["arr",[["map",1,[[1,2]]],["set",1,["s"]],["date","1970-01-01T00:00:00.000Z"],["ta","Uint8Array",1,[7]]]]')
    expect(previewValue(new Point())).toBe('["obj","Point",{"x":1,"y":2},0]')
    expect(previewValue(Object.create(null))).toBe('{}')
  })

  it('previews errors of another realm (a Jest test\'s context) as errors, and only errors', () => {
    const [error, subclassed] = runInNewContext('class AssertionError extends Error {}; [new TypeError("x is not a function"), new AssertionError("expected 1")]') as [Error, Error]
    const errorOf = (v: unknown): unknown[] => (JSON.parse(previewValue(v, { isProxy })) as unknown[]).slice(0, 3)
    expect(errorOf(error)).toEqual(['err', 'TypeError', 'x is not a function'])
    expect(errorOf(subclassed)).toEqual(['err', 'Error', 'expected 1'])
    // Shaped like Error.prototype but not one: an object.
    const lookalike = Object.create({ constructor: function Error() {}, name: 'Error', message: '' })
    expect(previewValue(lookalike, { isProxy })).toMatch(/^\["obj",/)
  })

  it('caps depth, keys, string length and bytes, and marks cycles', () => {
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic.self = cyclic
    expect(previewValue(cyclic)).toBe('{"a":1,"self":["circular"]}')
    expect(previewValue({ a: { b: { c: { d: 1 } } } })).toBe('{"a":{"b":{"c":["deep"]}}}')
    expect(previewValue({ a: 1, b: 2, c: 3 }, { maxKeys: 2 })).toBe('["obj",null,{"a":1,"b":2},1]')
    expect(previewValue('x'.repeat(10), { maxStringLength: 4 })).toBe('["str","xxxx",10]')
    const big = previewValue(Array.from({ length: 60 }, (_, i) => `item ${i}`), { maxBytes: 200 })
    expect(utf8(big)).toBeLessThanOrEqual(200)
    // Items that did not fit are counted as omitted; a value cut inside an object becomes ["more"].
    expect(big).toMatch(/^\["arr",\["item 0",.*\],\d+\]$/)
    expect(previewValue({ a: 'x'.repeat(50), b: 'y'.repeat(50) }, { maxBytes: 100 })).toBe('{"a":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","…":["more"]}')
    // A shared (not cyclic) object is shown each time it appears.
    const shared = { v: 1 }
    expect(previewValue([shared, shared])).toBe('["arr",[{"v":1},{"v":1}]]')
  })

  it('never calls getters, setters, toJSON, toString, valueOf or Symbol.toStringTag', () => {
    const wire = new Tripwire()
    const value = wire.arm({ a: wire.arm([1, 2]), d: wire.arm(new Date(5)), m: wire.arm(new Map([[1, wire.arm({})]])) })
    const text = previewValue(value)
    expect(wire.calls).toEqual([])
    expect(text).toContain('"lazy":["accessor"]')
  })

  it('does not touch a Proxy when it can tell (Node: util.types.isProxy)', () => {
    const wire = new Tripwire()
    const p = wire.proxy({ secret: 1 })
    expect(previewValue({ p, fn: wire.proxy(() => 1), arr: wire.proxy([1]) }, { isProxy })).toBe('{"p":["proxy"],"fn":["proxy"],"arr":["proxy"]}')
    // An object whose prototype is a Proxy: the prototype is not consulted either.
    const child = Object.create(wire.proxy({}), { x: { value: 1, enumerable: true } })
    expect(previewValue(child, { isProxy })).toBe('["obj",null,{"x":1},0]')
    expect(wire.calls).toEqual([])
  })

  it('runs traps where proxies cannot be detected (browsers), and answers a nested call with ["busy"]', () => {
    let inner = ''
    const p = new Proxy({}, {
      ownKeys: (t) => {
        inner = previewValue({ nested: true })
        expect(isPreviewing()).toBe(true)
        return Reflect.ownKeys(t)
      },
    })
    expect(previewValue(p)).toBe('{}')
    expect(inner).toBe('["busy"]')
    expect(isPreviewing()).toBe(false)
  })

  it('never throws, never runs planted user code, stays within maxBytes and is deterministic, for any value', () => {
    const wire = new Tripwire()
    const values = fc.anything({
      maxDepth: 4,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
    })
    // Plant tripwires at random: accessors, toJSON/toString/valueOf, proxies around the value.
    const planted = fc.tuple(values, fc.integer({ min: 0, max: 3 })).map(([v, how]) => {
      if (how === 1) return wire.arm(v)
      if (how === 2 && typeof v === 'object' && v !== null) return wire.proxy(v)
      if (how === 3) return { inner: wire.arm(v), p: typeof v === 'object' && v !== null ? wire.proxy(v) : v }
      return v
    })
    fc.assert(fc.property(planted, fc.integer({ min: 64, max: 2048 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 8 }), (value, maxBytes, maxDepth, maxKeys) => {
      const limits = { maxBytes, maxDepth, maxKeys, maxStringLength: 40, isProxy }
      // fast-check itself may touch the planted values between runs: count only what previewValue does.
      wire.calls = []
      const text = previewValue(value, limits)
      expect(wire.calls).toEqual([])
      expect(utf8(text)).toBeLessThanOrEqual(maxBytes)
      expect(() => decodePreview(text)).not.toThrow()
      expect(previewValue(value, limits)).toBe(text)
      expect(text).not.toBe('["unreadable"]')
    }), { numRuns: Number(process.env.PREVIEW_RUNS ?? 400) })
  })
})

describe('previewValue, cut before the first key', () => {
  it('still writes valid JSON', () => {
    // Found by the property above: a plain object cut before its first key wrote `{,"…":…}`.
    const text = previewValue(new Map([['', { '': '' }]]), { maxBytes: 88, maxDepth: 3, maxKeys: 1, maxStringLength: 40 })
    expect(() => JSON.parse(text)).not.toThrow()
    expect(text).toMatchInlineSnapshot(`"["map",1,[["",{"…":["more"]}]]]"`)
  })

  it('writes strings and keys as JSON.stringify would, and counts their UTF-8 bytes exactly', () => {
    // Quoting skips JSON.stringify for plain ASCII: any other character must still be escaped, and
    // the byte budget must see multi-byte characters as they are.
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 40 }), fc.constantFrom('"', '\\', '\u2028', '\uD800', 'é', '😀'))
    fc.assert(fc.property(text, text, fc.integer({ min: 64, max: 256 }), (key, value, maxBytes) => {
      const limits = { maxBytes, maxStringLength: 1024, redactKeys: /^$ never/ }
      // Room to close what is open is kept back: CLOSE_RESERVE (16) per level and a ["more"].
      expect(previewValue(value, limits)).toBe(utf8(JSON.stringify(value)) + 24 <= maxBytes ? JSON.stringify(value) : '["more"]')
      const object = previewValue({ [key]: value }, limits)
      expect(utf8(object)).toBeLessThanOrEqual(maxBytes)
      const whole = `{${JSON.stringify(key)}:${JSON.stringify(value)}}`
      if (utf8(whole) + 64 <= maxBytes) expect(object).toBe(whole)
    }), { numRuns: 2000 })
  })

  it('writes non-finite typed-array elements in their tagged form', () => {
    expect(previewValue(Float32Array.from([Number.POSITIVE_INFINITY, Number.NaN, -0, 1.5]))).toMatchInlineSnapshot(`"["ta","Float32Array",4,[["n","Infinity"],["n","NaN"],["n","-0"],1.5]]"`)
  })
})
