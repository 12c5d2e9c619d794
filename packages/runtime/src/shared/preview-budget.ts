/** What previews may take each second on one thread (the values recorder and the state recorder have one each). */
export interface PreviewBudget {
  /** Whether one more preview fits in the second of `nowMs` (counts it if so). */
  allows: (nowMs: number) => boolean
  /** Adds the time a preview took to this second's. */
  spend: (ms: number) => void
}

/**
 * Previews a second that the time cap never refuses. The first previews of a thread run cold
 * (interpreted, compiling), and a browser's clock counts a preview that straddles one of its
 * 100 µs steps as a whole step: on a busy machine a page's first second could use up its time on
 * the page's start-up, and the calls that followed lost their values (a CI run saw it).
 */
const PREVIEWS_BEFORE_TIME_CAP = 256

/**
 * At most `perSecond` previews a second, and, past the first PREVIEWS_BEFORE_TIME_CAP, no new one
 * once they took `msPerSecond` of it: counts cap how many, time caps what they cost, since one
 * preview of a large object (a parser's context, a request) takes tens of microseconds. A second
 * runs from the first preview asked for once the previous second is over.
 */
export function createPreviewBudget(perSecond: number, msPerSecond: number): PreviewBudget {
  let windowStart = -Infinity
  let count = 0
  let spentMs = 0
  return {
    allows(nowMs) {
      if (nowMs - windowStart >= 1000) {
        windowStart = nowMs
        count = 0
        spentMs = 0
      }
      return (spentMs < msPerSecond || count < PREVIEWS_BEFORE_TIME_CAP) && ++count <= perSecond
    },
    spend(ms) {
      spentMs += ms
    },
  }
}
