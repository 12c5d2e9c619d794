/*
 * The runtime's own timers and promise reactions, through the functions as they were when this
 * module loaded: before the probes patch them (the runtime is installed first). Through the
 * patched ones, a flush that polls the drain worker, a retry delay or the wait on a signal was
 * linked like app code whenever records were pending: LinkOut and LinkIn records written while the
 * runtime ships, which call for another batch, and on the way out are written after the last one
 * and never sent (a Vitest file's last records, counted as lost in every session).
 */
const ownSetTimeout = globalThis.setTimeout
const ownThen = Promise.prototype.then

/** A promise that resolves after `ms`; its timer does not keep the process alive when `unref`. */
export function ownDelay(ms: number, unref = false): Promise<void> {
  return new Promise((resolve) => {
    const timer = ownSetTimeout(resolve, ms)
    if (unref) timer.unref()
  })
}

/** A timer that keeps the process alive for `ms` (cleared with `clearTimeout`), unprobed; then runs `onTimeout`. */
export function ownTimer(ms: number, onTimeout: () => void = () => {}): ReturnType<typeof setTimeout> {
  return ownSetTimeout(onTimeout, ms)
}

/** `promise.then(onSettled, onSettled)` without the probes' promise reaction record. */
export function whenSettled(promise: Promise<unknown>, onSettled: () => void): void {
  ownThen.call(promise, onSettled, onSettled)
}

/** `promise.catch(onRejected)` without the probes' promise reaction record. */
export function caught<T>(promise: Promise<T>, onRejected: (error: unknown) => T): Promise<T> {
  return ownThen.call(promise, undefined, onRejected) as Promise<T>
}
