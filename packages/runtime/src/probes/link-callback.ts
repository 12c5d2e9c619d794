import type { Installation } from './realm-state.ts'
import type { AnyFunction } from './patch.ts'
import { LINK_IN_END, writeLink, writeLinkIn } from './link-records.ts'
import { apply } from './patch.ts'

/**
 * The function a probe schedules in place of `callback`: runs it with the same `this` and
 * arguments between `LinkIn(kind, token)` and `LinkIn|LinkEnd(kind, token)`, the end written in
 * `finally` so a throwing callback still closes its window; whatever it returns or throws passes
 * through unchanged. This is the one frame the probes add between a scheduler and a callback;
 * its name makes it recognisable in stack traces.
 */
export function linkedCallback(inst: Installation, callback: AnyFunction, kind: number, token: number): AnyFunction {
  return function execscopeLink(this: unknown) {
    if (!inst.active) return apply(callback, this, arguments)
    writeLinkIn(inst, kind, token)
    try {
      return apply(callback, this, arguments)
    }
    finally {
      writeLink(inst, LINK_IN_END, kind, token)
    }
  }
}

/**
 * The same for a promise reaction, which the engine always calls with `this` undefined and one
 * argument: a narrower shape that skips the `arguments` object on the hottest path.
 */
export function linkedReaction(inst: Installation, reaction: (value: unknown) => unknown, kind: number, token: number): (value: unknown) => unknown {
  return function execscopeLink(value: unknown) {
    if (!inst.active) return reaction(value)
    writeLinkIn(inst, kind, token)
    try {
      return reaction(value)
    }
    finally {
      writeLink(inst, LINK_IN_END, kind, token)
    }
  }
}
