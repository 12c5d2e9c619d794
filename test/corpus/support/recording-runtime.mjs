// A small recording runtime for the semantic-equivalence corpus: it records every call into an
// Int32Array like the real ring buffer would, and at exit replays the records to check that they
// balance. The verdict goes to the file named by EXECSCOPE_CORPUS_REPORT, never to stdout.
// State changes (`o`/`c`) and argument, return and thrown values (`p`/`v`/`q`/`y`) go through the
// product's own recorders, into a ring that counts what they write.
import { writeFileSync } from 'node:fs'
import { installState } from '@execscope/runtime/state'
import { installValues } from '@execscope/runtime/values'

const ENTER = 1, ENTER_ASYNC = 2, RETURN = 3, THROW = 4, SUSPEND = 5, RESUME = 6
let records = new Int32Array(3 << 12)
let length = 0
let nextToken = 1

function record(kind, site, token) {
  if (length + 3 > records.length) {
    const grown = new Int32Array(records.length * 2)
    grown.set(records)
    records = grown
  }
  records[length++] = kind
  records[length++] = site
  records[length++] = token
}

// Unique tokens per call (the product runtime packs flags into them; the contract keeps them opaque).
export function e(site) { const token = nextToken++; record(ENTER, site, token); return token }
export function a(site) { const token = nextToken++; record(ENTER_ASYNC, site, token); return token }
export function r(site, token) { record(RETURN, site, token) }
export function x(site, token, _error) { record(THROW, site, token) }
export function s(site, token, value) { record(SUSPEND, site, token); return value }
export function u(site, token, value) { record(RESUME, site, token); return value }
// Level `count`: counted only; the calls it counts are not on the stack.
let counted = 0
export function k(_site) { counted++ }

let stateRecords = 0
let valueRecords = 0
const countingRing = {
  push(w0) { if ((w0 & 0xFF) === 12) stateRecords++; else if ((w0 & 0xFF) === 10) valueRecords++; return true },
  pushTimed(w0) { if ((w0 & 0xFF) === 12) stateRecords++; return true },
}
export const { o, c } = installState(countingRing)
// Thrown values too, as in the browser; this runtime's own r/x check the calls they end.
export const { p, v, q, y } = installValues({ r, x, recorder: { ring: countingRing } }, { previewThrown: true })

globalThis.__execscope = { e, r, x, a, s, u, k, o, c, p, v, q, y }

/**
 * Replays the records against the rules of the runtime contract:
 * - a call is entered once; it ends with exactly one Return, or one Throw followed by its Return;
 * - running calls nest like a stack: Suspend, Throw and Return leave from the top;
 * - Suspend only from running; Resume of a suspended call re-enters it; Resume of a running call
 *   (the resume at the top of catch/finally) must be the top of the stack;
 * - Throw and Return may end a suspended call (a generator's `.return()`/`.throw()`, a rejected await);
 * - at exit every call is done or still suspended (an abandoned generator, a never-settled await).
 */
function check() {
  const errors = []
  const calls = new Map()
  const stack = []
  const counts = { calls: 0, asyncCalls: 0, suspends: 0, resumes: 0, idleResumes: 0, throws: 0 }
  const fail = (i, message) => { if (errors.length < 10) errors.push(`record ${i / 3}: ${message}`) }
  const leaveTop = (i, token, what) => {
    if (stack[stack.length - 1] !== token) fail(i, `${what} of token ${token} that is not on top of the stack`)
    else stack.pop()
  }
  for (let i = 0; i < length; i += 3) {
    const kind = records[i], site = records[i + 1], token = records[i + 2]
    const call = calls.get(token)
    if (kind === ENTER || kind === ENTER_ASYNC) {
      if (call) { fail(i, `token ${token} entered twice`); continue }
      calls.set(token, { site, state: 'running' })
      stack.push(token)
      counts.calls++
      if (kind === ENTER_ASYNC) counts.asyncCalls++
      continue
    }
    if (!call) { fail(i, `kind ${kind} for unknown token ${token}`); continue }
    if (call.site !== site) fail(i, `site ${site} for token ${token} entered at site ${call.site}`)
    switch (kind) {
      case SUSPEND:
        counts.suspends++
        if (call.state !== 'running') fail(i, `suspend of a ${call.state} call`)
        else { leaveTop(i, token, 'suspend'); call.state = 'suspended' }
        break
      case RESUME:
        counts.resumes++
        if (call.state === 'suspended') { call.state = 'running'; stack.push(token) }
        else if (call.state === 'running') { counts.idleResumes++; if (stack[stack.length - 1] !== token) fail(i, 'idle resume of a call not on top') }
        else fail(i, `resume of a ${call.state} call`)
        break
      case THROW:
        counts.throws++
        if (call.state === 'running') leaveTop(i, token, 'throw')
        else if (call.state !== 'suspended') { fail(i, `throw from a ${call.state} call`); break }
        call.state = 'threw'
        break
      case RETURN:
        if (call.state === 'running') leaveTop(i, token, 'return')
        else if (call.state !== 'suspended' && call.state !== 'threw') { fail(i, `return from a ${call.state} call`); break }
        call.state = 'done'
        break
      default:
        fail(i, `unknown kind ${kind}`)
    }
  }
  for (const [token, call] of calls) {
    if (call.state !== 'done' && call.state !== 'suspended') fail(length, `call ${token} (site ${call.site}) ended ${call.state}`)
  }
  if (stack.length) fail(length, `${stack.length} call(s) still on the stack at exit`)
  return { ...counts, records: length / 3, counted, stateRecords, valueRecords, errors }
}

process.on('exit', () => {
  const report = check()
  if (process.env.EXECSCOPE_CORPUS_REPORT) writeFileSync(process.env.EXECSCOPE_CORPUS_REPORT, JSON.stringify(report))
  else process.stderr.write(`${JSON.stringify(report)}\n`)
})
