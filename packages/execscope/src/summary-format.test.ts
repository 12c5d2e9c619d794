import { describe, expect, it } from 'vitest'
import { thrownValueText } from './summary-format.ts'

describe('thrownValueText', () => {
  it('shows a thrown value that is not an Error as JavaScript would, from its preview', () => {
    expect(thrownValueText('["sym","done"]')).toBe('Symbol(done)')
    expect(thrownValueText('["sym",null]')).toBe('Symbol()')
    expect(thrownValueText('["u"]')).toBe('undefined')
    expect(thrownValueText('"stop"')).toBe('stop')
    expect(thrownValueText('["str","a long message",900]')).toBe('a long message…')
    expect(thrownValueText('["big","12"]')).toBe('12n')
    expect(thrownValueText('["obj","Response",{"status":404},0]')).toBe('Response {…}')
    expect(thrownValueText('["fn",null]')).toBe('function (anonymous)')
    // Numbers, plain objects, and what it does not know, as the preview has them.
    expect(thrownValueText('42')).toBe('42')
    expect(thrownValueText('{"code":42}')).toBe('{"code":42}')
    expect(thrownValueText('["map",1,[[1,2]]]')).toBe('["map",1,[[1,2]]]')
  })
})
