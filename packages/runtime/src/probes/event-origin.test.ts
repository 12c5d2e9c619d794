import { RecordKind, ValueRole } from '@execscope/core/codec'
import { describe, expect, it } from 'vitest'
import { eventOriginJson, writeEventOrigin } from './event-origin.ts'

describe('writeEventOrigin', () => {
  it('writes a platform event as an Event value: its type and target, read with the platform\'s getters', () => {
    const records: number[][] = []
    const sink = { ring: { push: (w0: number, site: number, payload: number, time: number) => records.push([w0, site, payload, time]) > 0 }, faults: 0 }
    const target = new EventTarget()
    let seen: Event | undefined
    target.addEventListener('ping', (event) => {
      seen = event
    })
    target.dispatchEvent(new Event('ping'))
    writeEventOrigin(sink, seen)
    expect(records[0]!.slice(0, 2)).toEqual([RecordKind.Value, ValueRole.Event])
    const length = records[0]![2]!
    const bytes = new Uint8Array(Int32Array.from(records.slice(1).flatMap(r => r.slice(1))).buffer).subarray(0, length)
    expect(records.slice(1).every(r => r[0] === RecordKind.ValueBytes)).toBe(true)
    // Node's EventTarget is neither an element, nor the window, nor the document.
    expect(new TextDecoder().decode(bytes)).toBe('["ping",null]')
    expect(sink.faults).toBe(0)
  })

  it('writes nothing for what is not a platform event, and runs none of its code', () => {
    const records: number[][] = []
    const sink = { ring: { push: (...words: number[]) => records.push(words) > 0 }, faults: 0 }
    let ran = false
    const impostor = { get type() { ran = true; return 'click' }, get target() { ran = true; return null } }
    writeEventOrigin(sink, impostor)
    writeEventOrigin(sink, 'data')
    expect(records).toEqual([])
    expect(ran).toBe(false)
  })

  it('cuts a long type', () => {
    const event = new Event('x'.repeat(100))
    expect(JSON.parse(eventOriginJson(event)!)).toEqual(['x'.repeat(64), null])
  })

  it('counts a ring that throws as a fault, never throwing itself', () => {
    const sink = { ring: { push: () => { throw new Error('full') } }, faults: 0 }
    expect(() => writeEventOrigin(sink, new Event('click'))).not.toThrow()
    expect(sink.faults).toBe(1)
  })
})
