import type { TraceSummary } from '@execscope/store'
import { describe, expect, it } from 'vitest'
import { formatSummary, thrownValueText } from './summary-format.ts'

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

describe('formatSummary', () => {
  const summary: TraceSummary = { file: '/p/.execscope/trace.duckdb', sessions: 1, threads: 1, calls: 10, throws: 0, errors: 0, dropped: 0, unsent: 0, countedCalls: 0, topSelf: [], topCounted: [], topErrors: [], recordingCost: null, stateChanges: 0, topStateTargets: [], messages: { total: 0, paired: 0 } }
  const droppedLine = (s: TraceSummary): string | undefined => formatSummary(s).split('\n').find(line => line.includes('dropped events'))

  it('says how many dropped records were never sent', () => {
    expect(droppedLine(summary)).toBe('  dropped events   0')
    expect(droppedLine({ ...summary, dropped: 1500, unsent: 1200 })).toBe('  dropped events   1500 (1200 never sent: the page closed or the process ended first)')
  })

  it('keeps the end of long messages that differ only there, so that they do not show as the same line', () => {
    const message = (value: string): string => `Value provided to ms.parse() must be a string with length between 1 and 99. value=${value}`
    const topErrors = [
      { errorName: 'Error', message: message('""'), count: 8, name: 'parse', file: 'src/index.ts', line: 71 },
      { errorName: 'Error', message: message('"a long string"'), count: 3, name: 'parse', file: 'src/index.ts', line: 71 },
      { errorName: 'TypeError', message: `${'x'.repeat(100)}\nyz`, count: 2, name: 'check', file: 'src/check.ts', line: 5 },
    ]
    const lines = formatSummary({ ...summary, errors: 13, throws: 13, topErrors }).split('\n')
    const thrown = lines.slice(lines.indexOf('  most thrown:') + 1, lines.indexOf('  most thrown:') + 4)
    expect(thrown).toEqual([
      '    8× Error: Value provided to ms.parse() must… with length between 1 and 99. value="" (parse src/index.ts:71)',
      '    3× Error: Value provided to ms.parse() must…between 1 and 99. value="a long string" (parse src/index.ts:71)',
      // One of its kind: cut at the end, as before.
      `    2× TypeError: ${'x'.repeat(68)}… (check src/check.ts:5)`,
    ])
  })

  it('shows a trace that only counted (level `count`) by its counts, with no table of self times', () => {
    const counted = formatSummary({
      ...summary,
      calls: 0,
      countedCalls: 7,
      topSelf: [{ name: 'Cart.add', file: 'src/cart.ts', line: 3, calls: 0, selfMs: 0 }],
      topCounted: [{ name: 'Cart.add', file: 'src/cart.ts', line: 3, counted: 7, recorded: 0 }],
    }).split('\n')
    expect(counted).toContain('  calls counted    7 (counted only: level `count`)')
    expect(counted.some(line => line.includes('by self time'))).toBe(false)
    expect(counted.slice(counted.indexOf('  top 1 functions by calls counted:') + 1, counted.indexOf('  top 1 functions by calls counted:') + 3)).toEqual([
      '    name      file:line      counted  recorded',
      '    Cart.add  src/cart.ts:3        7         0',
    ])
  })

  it('says how many of a sampled function\'s calls were timed, and where the others\' time went', () => {
    const lines = formatSummary({
      ...summary,
      topSelf: [
        { name: 'main', file: 'src/main.js', line: 40, calls: 1, timedCalls: 1, selfMs: 117 },
        { name: 'DocSet.add', file: 'src/docs.js', line: 12, calls: 202, timedCalls: 66, selfMs: 34.8 },
      ],
    }).split('\n')
    const at = lines.indexOf('  top 2 functions by self time:')
    expect(lines.slice(at + 1, at + 5)).toEqual([
      '    name        file:line                calls  self-ms',
      '    main        src/main.js:40               1  117.000',
      '    DocSet.add  src/docs.js:12  202 (66 timed)   34.800',
      '    (self-ms counts the timed calls; the time of the others is in their callers\' self time)',
    ])
    expect(formatSummary({ ...summary, topSelf: [{ name: 'main', file: 'src/main.js', line: 40, calls: 1, timedCalls: 1, selfMs: 117 }] })).not.toContain('self-ms counts')
  })

  it('says how to name the functions shown as site#<id>, and only then', () => {
    const hint = (s: TraceSummary): string[] => formatSummary(s).split('\n').filter(line => line.includes('sites.json') || line.includes('--sites'))
    expect(hint({ ...summary, topSelf: [{ name: 'Cart.add', file: 'src/cart.ts', line: 3, calls: 1, selfMs: 1 }] })).toEqual([])
    expect(hint({ ...summary, topSelf: [{ name: 'Cart.add', file: 'src/cart.ts', line: 3, calls: 1, selfMs: 1 }, { name: 'site#12815858', file: '', line: 0, calls: 1, selfMs: 1 }] })).toEqual([
      '  unnamed          functions shown as site#<id> have no name in the trace: their build\'s .execscope/sites.json (or, for --import execscope/register, the .execscope/sites/ of the program\'s working directory) was not stored.',
      '                   Put it beside the trace file (a running `execscope serve` reads it within a second), or give it to `execscope serve --sites <path>` or `execscope ingest --sites <path>`.',
    ])
  })

  it('shows a thrown error without a readable message by its name alone', () => {
    const topErrors = [
      { errorName: 'ZodError', message: '', count: 758, name: 'fn', file: 'src/v4/core/parse.ts', line: 23 },
      { errorName: 'RangeError', message: 'boom', count: 27, name: 'validate', file: 'src/v4/core/parse.ts', line: 137 },
    ]
    const lines = formatSummary({ ...summary, errors: 785, throws: 785, topErrors }).split('\n')
    expect(lines.slice(lines.indexOf('  most thrown:') + 1, lines.indexOf('  most thrown:') + 3)).toEqual([
      '    758× ZodError (fn src/v4/core/parse.ts:23)',
      '     27× RangeError: boom (validate src/v4/core/parse.ts:137)',
    ])
  })
})
