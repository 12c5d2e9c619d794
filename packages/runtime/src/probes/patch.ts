/* eslint-disable ts/no-unsafe-function-type */

/** Any function a probe replaces. */
export type AnyFunction = (this: unknown, ...args: any[]) => unknown

/** The body of a replacement: gets the receiver and the arguments exactly as the caller gave them. */
export type WrapperBody = (self: unknown, args: IArguments) => unknown

/** Undoes one patch (a no-op if someone else has replaced our function since). */
export type Restore = () => void

// Captured at load, so an app that later patches these cannot reach into the probes.
const { defineProperty, getOwnPropertyDescriptor, getPrototypeOf, ownKeys } = Reflect
/** `Reflect.apply` as it was when the probes loaded. */
export const apply: typeof Reflect.apply = Reflect.apply
const hasOwn = Object.prototype.hasOwnProperty
const slice = Array.prototype.slice

/** The arguments as an array, with `args[index]` replaced (the callback swapped for its wrapper). */
export function withArgument(args: IArguments, index: number, value: unknown): unknown[] {
  const copy = apply(slice, args, []) as unknown[]
  copy[index] = value
  return copy
}

/** The object on `target`'s prototype chain that owns `key`, if any. */
export function ownerOf(target: object | null | undefined, key: PropertyKey): object | undefined {
  for (let o = target; o !== null && o !== undefined; o = getPrototypeOf(o) as object | null) {
    if (apply(hasOwn, o, [key])) return o
  }
  return undefined
}

/**
 * A replacement shaped like `original`: a plain function (constructible, with `prototype`) when the
 * original is one, as Node's timers are, else a method (not constructible, no `prototype`), as Web
 * IDL operations and `Promise.prototype.then` are. Its own properties are copied from the original
 * (`length`, `name`, `prototype`, and Node's `util.promisify.custom`, which `promisify(setTimeout)`
 * needs).
 */
export function shapedLike(original: Function, body: WrapperBody): Function {
  const wrapper = apply(hasOwn, original, ['prototype'])
    ? function (this: unknown) {
      return body(this, arguments)
    }
    : {
        execscopeProbe(this: unknown) {
          return body(this, arguments)
        },
      }.execscopeProbe
  copyOwnProperties(original, wrapper)
  return wrapper
}

/** Gives `wrapper` the own properties of `original`, with their attributes. */
export function copyOwnProperties(original: object, wrapper: object): void {
  for (const key of ownKeys(original)) {
    if (key === 'arguments' || key === 'caller') continue
    const desc = getOwnPropertyDescriptor(original, key)
    // A property the wrapper cannot take (non-configurable on it) is left as it is.
    if (desc) defineProperty(wrapper, key, desc)
  }
}

/**
 * Replaces the function-valued data property `owner[key]` with `make(original)`, keeping its
 * writable/enumerable/configurable attributes. Returns how to undo it, or undefined when there is
 * no such function or it cannot be replaced (read-only and non-configurable).
 */
export function patchMethod(owner: object | undefined, key: PropertyKey, make: (original: Function) => Function): Restore | undefined {
  if (owner === undefined) return undefined
  const desc = getOwnPropertyDescriptor(owner, key)
  if (!desc || typeof desc.value !== 'function' || (!desc.writable && !desc.configurable)) return undefined
  const wrapper = make(desc.value as Function)
  if (!defineProperty(owner, key, { ...desc, value: wrapper })) return undefined
  return () => {
    if (getOwnPropertyDescriptor(owner, key)?.value === wrapper) defineProperty(owner, key, desc)
  }
}

/**
 * Replaces the accessor `owner[key]` (such as `MessagePort.prototype.onmessage`) with a getter and
 * setter shaped like the originals (see `shapedLike`), keeping the property's attributes.
 */
export function patchAccessor(
  owner: object | undefined,
  key: PropertyKey,
  make: (get: Function, set: Function) => { get: WrapperBody, set: WrapperBody },
): Restore | undefined {
  if (owner === undefined) return undefined
  const desc = getOwnPropertyDescriptor(owner, key)
  if (!desc || typeof desc.get !== 'function' || typeof desc.set !== 'function' || !desc.configurable) return undefined
  const bodies = make(desc.get, desc.set)
  const get = shapedLike(desc.get, bodies.get) as () => unknown
  const set = shapedLike(desc.set, bodies.set) as (value: unknown) => void
  if (!defineProperty(owner, key, { ...desc, get, set })) return undefined
  return () => {
    if (getOwnPropertyDescriptor(owner, key)?.get === get) defineProperty(owner, key, desc)
  }
}
