// The runtime module of the `full` variant: overhead-runtime.mjs plus the value and state recorders.
import { installState } from '@execscope/runtime/state'
import { installValues } from '@execscope/runtime/values'
import { rt } from './overhead-runtime.mjs'

export { a, e, r, s, u, x } from './overhead-runtime.mjs'
export const { p, v, q, y } = installValues(rt)
export const { o, c } = installState(rt.recorder.ring, { isInCountedCall: rt.recorder.calls.isInCountedCall, cost: rt.recorder })
