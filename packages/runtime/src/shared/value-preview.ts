/*
 * Value previews: a bounded description of an argument, return value, thrown value or state that
 * never runs application code. Output is compact JSON (UTF-8 when stored):
 *
 *   null, true/false, finite numbers, strings    as themselves (strings up to `maxStringLength`)
 *   {"k": v, ...}                                a plain object (prototype Object.prototype or null), every key shown
 *   ["u"]                                        undefined
 *   ["n", "NaN" | "Infinity" | "-Infinity" | "-0"]
 *   ["str", prefix, length]                      a string cut to `maxStringLength` characters
 *   ["big", digits]  ["sym", description|null]  ["fn", name|null]
 *   ["arr", [v, ...], omitted]                   an array (holes are ["hole"])
 *   ["obj", constructorName|null, {k: v}, omitted]  any other object, or a plain one with keys omitted
 *   ["map", size, [[k, v], ...]]  ["set", size, [v, ...]]
 *   ["date", iso | "Invalid Date"]   ["err", name, message, stack|null]
 *   ["ta", "Uint8Array", length, [v, ...]]  ["ab", byteLength]  ["dom", nodeType, nodeName]
 *   ["proxy"] ["circular"] ["redacted"] ["accessor"] ["deep"] ["more"] ["unreadable"] ["busy"]
 *
 * `omitted` counts keys/items not shown (key cap or byte budget; a plain object cut by the budget
 * ends with the key "…" and the value ["more"] instead); ["deep"] replaces an object at
 * the depth cap; ["more"] replaces what did not fit in `maxBytes`; ["accessor"] stands for a
 * getter/setter property, which is never called; ["redacted"] for the value of a secret-looking key.
 *
 * How it avoids running user code: own properties are read with Object.getOwnPropertyDescriptor and
 * only data properties are used; Map, Set, Date, typed arrays, ArrayBuffer and DOM nodes are
 * recognized by calling intrinsic getters/methods captured when this module loads (they throw
 * TypeError on anything else, without calling user code) rather than `instanceof`,
 * `Object.prototype.toString` (which reads Symbol.toStringTag, a possible getter) or duck typing;
 * Map and Set contents are read through the captured intrinsic iterators; strings, numbers and
 * BigInts are converted by the language's ToString, which calls no methods on primitives.
 *
 * Limits of the approach, stated plainly:
 * - Proxies: every reflective operation on a Proxy runs its traps. Where the platform can tell a
 *   Proxy without touching it (Node: `util.types.isProxy`, passed as `isProxy` by the Node entry),
 *   a Proxy becomes ["proxy"] and is never inspected. Browsers have no such check: a Proxy there
 *   is inspected like its target and its getOwnPropertyDescriptor/ownKeys/getPrototypeOf traps run.
 * - Intrinsics patched by the app before this module loaded are captured as patched.
 * - An Error's `stack` is a lazily formatted value in V8: it is read only when `name` and `message`
 *   are data properties and `Error.prepareStackTrace` is not set, since formatting would call them.
 * - DOM nodes are recognized with the `Node.prototype.nodeType` getter of this realm only; a node
 *   from another frame is previewed as an object.
 * - Object.getOwnPropertyNames lists every key of an object before the key cap applies.
 */

/** Caps and options of `previewValue`. */
export interface PreviewLimits {
  /** Nesting levels shown; deeper objects become ["deep"]. @default 3 */
  maxDepth?: number
  /** Keys or items shown per object, array, Map or Set. @default 64 */
  maxKeys?: number
  /** Characters kept of a string (longer ones become ["str", prefix, length]). @default 1024 */
  maxStringLength?: number
  /** Upper bound on the UTF-8 length of the whole preview, at least 64. @default 4096 */
  maxBytes?: number
  /** Keys whose values are replaced by ["redacted"]. @default SECRET_KEY_RE */
  redactKeys?: RegExp
  /** Tells a Proxy apart without running its traps (Node: `util.types.isProxy`). @default none */
  isProxy?: (value: object) => boolean
}

/** Keys that look like they hold secrets. */
export const SECRET_KEY_RE: RegExp = /pass(?:word|wd|phrase)?|secret|token|auth|cookie|api[-_]?key|session|private[-_]?key|credential|signature|bearer|jwt/i

type Getter = (this: unknown) => unknown

function intrinsicGetter(proto: object | undefined, key: PropertyKey): Getter | undefined {
  return proto ? (Object.getOwnPropertyDescriptor(proto, key)?.get as Getter | undefined) : undefined
}

const getDesc = Object.getOwnPropertyDescriptor
const getProto = Object.getPrototypeOf
const ownNames = Object.getOwnPropertyNames
const isArray = Array.isArray
const ObjectProto = Object.prototype
const ErrorProto = Error.prototype
const mapSize = intrinsicGetter(Map.prototype, 'size')!
const setSize = intrinsicGetter(Set.prototype, 'size')!
const mapEntries = Map.prototype.entries
const setValues = Set.prototype.values
const mapIterNext = getProto(new Map().entries()).next as (this: unknown) => IteratorResult<[unknown, unknown]>
const setIterNext = getProto(new Set().values()).next as (this: unknown) => IteratorResult<unknown>
const dateGetTime = Date.prototype.getTime
const dateToISO = Date.prototype.toISOString
const TypedArrayProto = getProto(Uint8Array.prototype) as object
const typedArrayTag = intrinsicGetter(TypedArrayProto, Symbol.toStringTag)!
const typedArrayLength = intrinsicGetter(TypedArrayProto, 'length')!
const arrayBufferByteLength = intrinsicGetter(ArrayBuffer.prototype, 'byteLength')!
const symbolDescription = intrinsicGetter(Symbol.prototype, 'description')!
const domProto = (globalThis as { Node?: { prototype?: object } }).Node?.prototype
const domNodeType = intrinsicGetter(domProto, 'nodeType')
const domNodeName = intrinsicGetter(domProto, 'nodeName')

// Set while a preview is being made: a nested call (from a Proxy trap that reached instrumented
// code, in a browser) answers ["busy"] instead of recursing.
let isBusy = false

/** True while `previewValue` runs; recording hooks can use it to stay quiet. */
export function isPreviewing(): boolean {
  return isBusy
}

const ErrorCtor = Error as { stackTraceLimit?: unknown }

/**
 * Calls an intrinsic getter/method; undefined if `value` is not of its kind (it throws TypeError
 * then). The TypeError is made with `Error.stackTraceLimit` at 0 where it is a plain writable
 * number, as it nearly always is: capturing the stack made each failed probe cost microseconds (a
 * Map's preview, which fails the Date and ArrayBuffer probes first, took 12 µs).
 */
function tryCall(fn: Getter | undefined, value: unknown): unknown {
  if (!fn) return undefined
  const limit = getDesc(Error, 'stackTraceLimit')
  const isQuiet = limit !== undefined && limit.writable === true && typeof limit.value === 'number'
  if (isQuiet) ErrorCtor.stackTraceLimit = 0
  try {
    return fn.call(value)
  }
  catch {
    return undefined
  }
  finally {
    if (isQuiet) ErrorCtor.stackTraceLimit = limit.value
  }
}

// Printable ASCII but `"` and `\\`: what JSON.stringify leaves as it is, one byte per character.
const PLAIN_ASCII = /^[\x20\x21\x23-\x5B\x5D-\x7E]*$/

/** UTF-8 length of the string `quote` returned last. */
let quotedBytes = 0

/**
 * JSON.stringify of a string, and its UTF-8 length in `quotedBytes`, without their cost for plain
 * ASCII: in V8 11 (Node 20) JSON.stringify takes about 400 ns for a 100-character string, and
 * measuring the result (a rope, `"` + s + `"`) flattens it again; most of a typical preview.
 */
function quote(s: string): string {
  if (PLAIN_ASCII.test(s)) {
    quotedBytes = s.length + 2
    return `"${s}"`
  }
  const json = JSON.stringify(s)
  quotedBytes = utf8Length(json)
  return json
}

function utf8Length(s: string): number {
  let n = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0x80) n += c >= 0x800 && (c < 0xD800 || c > 0xDFFF) ? 2 : 1
  }
  return n
}

/** Own data property `key` (searched along the prototype chain when `inherited`), else undefined. */
function dataProp(obj: object, key: string, inherited: boolean, isProxy: (v: object) => boolean): { value: unknown } | 'accessor' | undefined {
  let o: object | null = obj
  for (let hops = 0; o && hops < 32; hops++) {
    if (hops > 0 && isProxy(o)) return undefined
    const d = getDesc(o, key)
    if (d) return 'value' in d ? { value: d.value } : 'accessor'
    if (!inherited) return undefined
    o = getProto(o) as object | null
  }
  return undefined
}

function constructorName(proto: object | null, isProxy: (v: object) => boolean): string | null {
  if (!proto || isProxy(proto)) return null
  const d = getDesc(proto, 'constructor')
  if (!d || !('value' in d) || typeof d.value !== 'function') return null
  const n = getDesc(d.value as object, 'name')
  return n && 'value' in n && typeof n.value === 'string' ? n.value : null
}

/**
 * `Error.prototype` of another realm (a Jest test's context, an iframe): its own `constructor`
 * is a function named "Error" whose `prototype` it is, and it has its own `name` "Error" and
 * string `message`. Data properties only, so nothing runs.
 */
function isErrorProtoOfAnyRealm(o: object): boolean {
  if (o === ErrorProto) return true
  const c = getDesc(o, 'constructor')
  const n = getDesc(o, 'name')
  const m = getDesc(o, 'message')
  if (!c || !('value' in c) || typeof c.value !== 'function' || !n || !('value' in n) || n.value !== 'Error' || !m || !('value' in m) || typeof m.value !== 'string') return false
  const p = getDesc(c.value as object, 'prototype')
  return p !== undefined && 'value' in p && p.value === o
}

function isErrorLike(v: object, isProxy: (v: object) => boolean): boolean {
  let o = getProto(v) as object | null
  for (let hops = 0; o && hops < 32; hops++) {
    if (isProxy(o)) return false
    if (isErrorProtoOfAnyRealm(o)) return true
    o = getProto(o) as object | null
  }
  return false
}

const NO_PROXY = (): boolean => false

/** Prototypes whose instances the intrinsic getters above recognize (of this realm). */
const INTRINSIC_PROTOS = new Map<object, Getter>([[Date.prototype, dateGetTime as Getter], [Map.prototype, mapSize], [Set.prototype, setSize], [ArrayBuffer.prototype, arrayBufferByteLength], [TypedArrayProto, typedArrayTag]])
if (domProto && domNodeType) INTRINSIC_PROTOS.set(domProto, domNodeType)

/** chainKind: the chain reaches this realm's Object.prototype past none of INTRINSIC_PROTOS, Error.prototype or a Proxy. */
const ORDINARY = 0
/** chainKind: the chain reaches this realm's Error.prototype past none of INTRINSIC_PROTOS or a Proxy. */
const REALM_ERROR = 1
/**
 * chainKind: anything else (another realm, a null-prototype chain of more than one link, an
 * intrinsic or a Proxy in it): the object may be a Date, Map, Set, typed array, ArrayBuffer or DOM
 * node, which the intrinsic getters tell apart (by throwing for everything else), and isErrorLike
 * decides whether it is an error of another realm.
 */
const UNDECIDED = 2

/** The first of INTRINSIC_PROTOS the last chainKind walk met (before any Proxy), else null. */
let metIntrinsic: object | null = null

/**
 * One walk up the prototype chain that settles the common cases: plain objects, arrays, class
 * instances and errors of this realm (nearly everything) reach this realm's Object.prototype past
 * none of the intrinsics' prototypes, so the intrinsic getters, whose throws cost microseconds,
 * are not tried on them, and isErrorLike (three descriptors per link) does not walk again. Objects
 * of another realm (a Jest test's context, an iframe) never reach it. A null prototype is ORDINARY.
 */
function chainKind(obj: object, isProxy: (v: object) => boolean): number {
  metIntrinsic = null
  let o = getProto(obj) as object | null
  if (o === null) return ORDINARY
  for (let hops = 0; hops < 32; hops++) {
    if (o === ObjectProto) return ORDINARY
    if (o !== null && INTRINSIC_PROTOS.has(o)) {
      metIntrinsic = o
      return UNDECIDED
    }
    if (o === null || isProxy(o)) return UNDECIDED
    if (o === ErrorProto) return REALM_ERROR
    o = getProto(o) as object | null
  }
  return UNDECIDED
}

/**
 * What the intrinsic getter `fn` of `proto` says of `obj`: `answer` when `proto` is the prototype
 * `met` whose getter already answered, nothing for the others (it is that intrinsic), else asked now.
 */
function ask(proto: object | undefined, fn: Getter | undefined, obj: object, met: object | null, answer: unknown): unknown {
  if (met === null) return tryCall(fn, obj)
  return met === proto ? answer : undefined
}

interface State {
  depthMax: number
  keysMax: number
  stringMax: number
  bytesMax: number
  redact: RegExp
  isProxy: (v: object) => boolean
  used: number
  /** The objects being previewed, outermost first: one met again inside itself is ["circular"]. */
  ancestors: object[]
  /** The byte budget ran out: everything after this point becomes ["more"] or is omitted. */
  isFull: boolean
}

const MORE = '["more"]'
// Room kept for closing what is open: at most `],n]}` and a count per level.
const CLOSE_RESERVE = 16

/** Whether `s` (a finished piece of JSON, `bytes` long in UTF-8) fits, with room to close `depth` open levels. */
function fits(st: State, s: string, depth: number, bytes: number = utf8Length(s)): boolean {
  return !st.isFull && st.used + bytes + (depth + 1) * CLOSE_RESERVE + MORE.length <= st.bytesMax
}

function take(st: State, s: string, depth: number, bytes: number = utf8Length(s)): string {
  if (fits(st, s, depth, bytes)) {
    st.used += bytes
    return s
  }
  st.isFull = true
  st.used += MORE.length
  return MORE
}

function str(st: State, s: string, depth: number): string {
  if (s.length <= st.stringMax) return take(st, quote(s), depth, quotedBytes)
  const count = String(s.length)
  return take(st, `["str",${quote(s.slice(0, st.stringMax))},${count}]`, depth, quotedBytes + 9 + count.length)
}

function primitive(st: State, v: unknown, depth: number): string | undefined {
  switch (typeof v) {
    case 'string': return str(st, v, depth)
    case 'number':
      if (Number.isFinite(v)) return take(st, Object.is(v, -0) ? '["n","-0"]' : String(v), depth)
      return take(st, `["n","${String(v)}"]`, depth)
    case 'boolean': return take(st, v ? 'true' : 'false', depth)
    case 'undefined': return take(st, '["u"]', depth)
    case 'bigint': {
      const digits = String(v)
      return take(st, `["big",${JSON.stringify(digits.length > st.stringMax ? `${digits.slice(0, st.stringMax)}…` : digits)}]`, depth)
    }
    case 'symbol': {
      const d = tryCall(symbolDescription, v)
      return take(st, `["sym",${typeof d === 'string' ? JSON.stringify(d.slice(0, st.stringMax)) : 'null'}]`, depth)
    }
  }
  if (v === null) return take(st, 'null', depth)
  return undefined
}

/** Opens a container: writes `open`, then items made by `item(i)` while they fit, then `close(omitted)`. */
function container(st: State, open: string, count: number, depth: number, item: (i: number) => string | undefined, close: (omitted: number) => string): string {
  if (!fits(st, open, depth)) return take(st, open, depth)
  st.used += utf8Length(open)
  let out = open
  let shown = 0
  for (let i = 0; i < count && shown < st.keysMax && !st.isFull; i++) {
    const piece = item(i)
    if (piece === undefined) continue
    if (piece === MORE) break
    out += (shown > 0 ? ',' : '') + piece
    st.used += shown > 0 ? 1 : 0
    shown++
  }
  const tail = close(count - shown)
  st.used += utf8Length(tail)
  return out + tail
}

function preview(st: State, v: unknown, depth: number): string {
  const p = primitive(st, v, depth)
  if (p !== undefined) return p
  const obj = v as object
  if (st.isProxy(obj)) return take(st, '["proxy"]', depth)
  if (typeof v === 'function') {
    const name = dataProp(obj, 'name', false, st.isProxy)
    return take(st, `["fn",${name && name !== 'accessor' && typeof name.value === 'string' ? quote(name.value.slice(0, st.stringMax)) : 'null'}]`, depth)
  }
  // The path is at most maxDepth long: a scan beats a WeakSet, whose every creation the GC pays for.
  if (st.ancestors.includes(obj)) return take(st, '["circular"]', depth)
  if (depth >= st.depthMax) return take(st, '["deep"]', depth)

  const kind = chainKind(obj, st.isProxy)
  const probe = kind === UNDECIDED
  // The getter of the intrinsic prototype the chain passes (a subclass of Map is a Map) is asked
  // first: the others would throw for it, a microsecond each. An object made from that prototype
  // without its internal slots does not answer it; then every getter is tried, as for other realms.
  let met = probe ? metIntrinsic : null
  const answer = met === null ? undefined : tryCall(INTRINSIC_PROTOS.get(met), obj)
  if (answer === undefined) met = null
  const domType = probe ? ask(domProto, domNodeType, obj, met, answer) : undefined
  if (typeof domType === 'number') {
    const name = tryCall(domNodeName, obj)
    return take(st, `["dom",${domType},${JSON.stringify(typeof name === 'string' ? name.slice(0, 64) : '')}]`, depth)
  }
  const time = probe ? ask(Date.prototype, dateGetTime, obj, met, answer) : undefined
  if (typeof time === 'number') return take(st, `["date",${JSON.stringify(Number.isNaN(time) ? 'Invalid Date' : String(tryCall(dateToISO, obj)))}]`, depth)
  const taName = probe ? ask(TypedArrayProto, typedArrayTag, obj, met, answer) : undefined
  if (typeof taName === 'string') {
    const length = tryCall(typedArrayLength, obj) as number
    const items = obj as ArrayLike<number | bigint>
    return container(st, `["ta","${taName}",${length},[`, length, depth + 1, // Elements are numbers or BigInts; NaN, ±Infinity and -0 need their tagged forms to stay JSON.
      i => primitive(st, items[i], depth + 1), omitted => `]${omitted > 0 ? `,${omitted}` : ''}]`)
  }
  const byteLength = probe ? ask(ArrayBuffer.prototype, arrayBufferByteLength, obj, met, answer) : undefined
  if (typeof byteLength === 'number') return take(st, `["ab",${byteLength}]`, depth)

  st.ancestors.push(obj)
  try {
    const size = probe ? ask(Map.prototype, mapSize, obj, met, answer) : undefined
    if (typeof size === 'number') {
      const it = mapEntries.call(obj as Map<unknown, unknown>)
      return container(st, `["map",${size},[`, size, depth + 1, () => {
        const step = mapIterNext.call(it)
        if (step.done) return undefined
        // Index the fresh entry array: destructuring would run the (patchable) array iterator.
        const k = step.value[0]
        const key = preview(st, k, depth + 2)
        if (key === MORE) return MORE
        st.used += 3
        const val = isSecretKey(st, k) ? take(st, '["redacted"]', depth + 2) : preview(st, step.value[1], depth + 2)
        return `[${key},${val}]`
      }, () => ']]')
    }
    const setSizeValue = probe ? ask(Set.prototype, setSize, obj, met, answer) : undefined
    if (typeof setSizeValue === 'number') {
      const it = setValues.call(obj as Set<unknown>)
      return container(st, `["set",${setSizeValue},[`, setSizeValue, depth + 1, () => {
        const step = setIterNext.call(it)
        return step.done ? undefined : preview(st, step.value, depth + 1)
      }, () => ']]')
    }
    if (isArray(obj)) {
      const lengthDesc = getDesc(obj, 'length')
      const length = lengthDesc && 'value' in lengthDesc ? Number(lengthDesc.value) : 0
      return container(st, '["arr",[', length, depth + 1, (i) => {
        // A number key: V8 looks an index up without making its string.
        const d = getDesc(obj, i)
        if (!d) return take(st, '["hole"]', depth + 1)
        return 'value' in d ? preview(st, d.value, depth + 1) : take(st, '["accessor"]', depth + 1)
      }, omitted => `]${omitted > 0 ? `,${omitted}` : ''}]`)
    }
    if (kind === REALM_ERROR || (kind === UNDECIDED && isErrorLike(obj, st.isProxy))) {
      const name = dataProp(obj, 'name', true, st.isProxy)
      const message = dataProp(obj, 'message', true, st.isProxy)
      const hasHook = getDesc(Error, 'prepareStackTrace') !== undefined
      const isSafe = !hasHook && name !== 'accessor' && message !== 'accessor'
      const stack = isSafe ? dataProp(obj, 'stack', false, st.isProxy) : undefined
      const text = (p: typeof name): string => (p && p !== 'accessor' && typeof p.value === 'string' ? quote(p.value.slice(0, st.stringMax)) : 'null')
      return take(st, `["err",${text(name)},${text(message)},${text(stack)}]`, depth)
    }
    const proto = getProto(obj) as object | null
    const isPlain = proto === null || proto === ObjectProto
    const keys = ownNames(obj)
    const ctor = isPlain ? null : constructorName(proto, st.isProxy)
    const body = (omitted: number): string => (omitted > 0 || !isPlain ? `},${omitted}]` : '}')
    const open = isPlain && keys.length <= st.keysMax ? '{' : `["obj",${ctor === null ? 'null' : quote(ctor.slice(0, 128))},{`
    return container(st, open, keys.length, depth + 1, (i) => {
      const key = keys[i]!
      const k = take(st, `${quote(key.slice(0, st.stringMax))}:`, depth + 1, quotedBytes + 1)
      if (k === MORE) return MORE
      if (isSecretKey(st, key)) return k + take(st, '["redacted"]', depth + 1)
      const d = getDesc(obj, key)
      if (!d) return k + take(st, '["u"]', depth + 1)
      return k + ('value' in d ? preview(st, d.value, depth + 1) : take(st, '["accessor"]', depth + 1))
    }, (omitted) => {
      if (open !== '{') return body(omitted)
      // A plain object cut by the byte budget says so with a last key (the closing reserve pays for it).
      if (omitted === 0) return '}'
      return `${omitted < keys.length ? ',' : ''}"…":["more"]}`
    })
  }
  finally {
    st.ancestors.pop()
  }
}

function isSecretKey(st: State, key: unknown): boolean {
  st.redact.lastIndex = 0
  return typeof key === 'string' && st.redact.test(key)
}

/**
 * Describes `value` as compact JSON (the format is at the top of this file) without running any
 * application code, within the given limits. Never throws: an unexpected fault gives ["unreadable"].
 * @example previewValue({ user: 'ada', password: 'x' }) // '{"user":"ada","password":["redacted"]}'
 */
export function previewValue(value: unknown, limits: PreviewLimits = {}): string {
  if (isBusy) return '["busy"]'
  isBusy = true
  try {
    const st: State = {
      depthMax: limits.maxDepth ?? 3,
      keysMax: limits.maxKeys ?? 64,
      stringMax: limits.maxStringLength ?? 1024,
      bytesMax: Math.max(64, limits.maxBytes ?? 4096),
      redact: limits.redactKeys ?? SECRET_KEY_RE,
      isProxy: limits.isProxy ?? NO_PROXY,
      used: 0,
      ancestors: [],
      isFull: false,
    }
    const out = preview(st, value, 0)
    // Three bytes at most per UTF-16 unit: most previews are too short to need measuring.
    return out.length * 3 <= st.bytesMax || utf8Length(out) <= st.bytesMax ? out : MORE
  }
  catch {
    return '["unreadable"]'
  }
  finally {
    isBusy = false
  }
}

/** Parses a preview back into plain JSON values (tags stay as arrays), for tests and tools. */
export function decodePreview(text: string): unknown {
  return JSON.parse(text)
}
