import type { LinkSink } from './link-records.ts'
import { createValueWriter } from '../shared/value-writer.ts'

/*
 * What a user's input event was, for the trace's `call_origins`: the event's type and, for an
 * element, its tag and id (`click` on `button#save`). Written as a `Value` record of role Event
 * (5, `ValueRole.Event`; event-origin.test.ts checks it against the codec) right after the `LinkIn`
 * that opens the listener's window, as the JSON array `[type, target]`.
 *
 * Everything is read with the platform's own getters, captured here at load (before the app can
 * patch them): `Event.prototype.type` and `.target`, `Element.prototype.tagName` and `.id`. Each
 * checks its receiver's brand and throws for anything else, so no app code runs; an event that is
 * not a platform Event (Node's EventEmitter-style listeners get their data) writes nothing.
 */
const ROLE_EVENT = 5

type Getter = (this: unknown) => unknown
const g = globalThis as unknown as Record<string, { prototype: object } | undefined>
const getterOf = (ctor: string, key: string): Getter | undefined => {
  const proto = g[ctor]?.prototype
  const get = proto === undefined ? undefined : Object.getOwnPropertyDescriptor(proto, key)?.get
  return get as Getter | undefined
}
const eventType = getterOf('Event', 'type')
const eventTarget = getterOf('Event', 'target')
const tagName = getterOf('Element', 'tagName')
const elementId = getterOf('Element', 'id')
const doc = (globalThis as { document?: unknown }).document
const MAX_ID = 64

/** `button#save`, `window`, `document`; null for other targets (a worker, a socket, an app's own EventTarget). */
function describeTarget(target: unknown): string | null {
  if (target === globalThis) return 'window'
  if (target !== undefined && target === doc) return 'document'
  if (tagName === undefined || elementId === undefined) return null
  try {
    const tag = String(tagName.call(target)).toLowerCase()
    const id = String(elementId.call(target))
    return id === '' ? tag : `${tag}#${id.length > MAX_ID ? `${id.slice(0, MAX_ID)}…` : id}`
  }
  catch {
    // Not an element.
    return null
  }
}

/** The JSON `[type, target]` of a platform event, or undefined when `event` is not one. */
export function eventOriginJson(event: unknown): string | undefined {
  if (eventType === undefined) return undefined
  let type: unknown
  try {
    type = eventType.call(event)
  }
  catch {
    return undefined
  }
  let target: unknown
  try {
    target = eventTarget === undefined ? undefined : eventTarget.call(event)
  }
  catch {}
  return JSON.stringify([String(type).slice(0, MAX_ID), describeTarget(target)])
}

// The values recorder's writer, one per ring (a realm has one; a test installs afresh).
let writerRing: LinkSink['ring'] | undefined
let writer: ReturnType<typeof createValueWriter> | undefined

/** Writes what `event` was, right after its `LinkIn`; nothing for an event it cannot read. Never throws. */
export function writeEventOrigin(sink: LinkSink, event: unknown): void {
  try {
    const json = eventOriginJson(event)
    if (json === undefined) return
    if (writer === undefined || writerRing !== sink.ring) {
      writer = createValueWriter(sink.ring)
      writerRing = sink.ring
    }
    writer.write(ROLE_EVENT, json)
  }
  catch {
    sink.faults++
  }
}
