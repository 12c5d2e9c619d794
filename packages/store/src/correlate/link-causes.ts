/** The cause side of a causal link, remembered until its effects run. */
export interface LinkCause {
  /** `LinkKind` of the `LinkOut` record. */
  kind: number
  /** The call on top of the stack when the cause happened. */
  callId: number
  /** When, ns since the thread's time origin. */
  ts: number
  /** Whether an effect has answered it yet. */
  isAnswered: boolean
}

/** Most generations kept: the cap is split into this many, so dropping one forgets the oldest sixteenth. */
const MAX_GENERATIONS = 16

type Generation = Map<number, LinkCause | null>

/**
 * A thread's link-out tokens and their causes, bounded to about `cap` tokens.
 *
 * Tokens go into a young generation; when it is full it freezes and a new one starts, and when
 * there are too many frozen generations the oldest is forgotten (its unanswered causes are
 * counted). A token found in an old generation is copied into the young one, so a token that keeps
 * being answered (a setInterval) stays. Frozen generations are never written again, so `fork()`
 * shares them and the young map (copied on its first write): a batch is replayed on a fork in
 * O(its own link records), and the original stays valid if the batch is not stored.
 */
export class LinkCauses {
  private young: Generation
  // A # field, so the flag fork() sets on the original is not part of its value (toEqual).
  #isYoungShared: boolean
  /** Frozen generations, newest first. */
  private olds: readonly Generation[]
  private readonly generationSize: number
  private readonly maxOlds: number

  constructor(cap: number, young: Generation = new Map(), olds: readonly Generation[] = [], isYoungShared = false) {
    const generations = Math.max(1, Math.min(MAX_GENERATIONS, cap))
    this.generationSize = Math.max(1, Math.ceil(cap / generations))
    this.maxOlds = generations
    this.young = young
    this.olds = olds
    this.#isYoungShared = isYoungShared
  }

  /** Tokens remembered, including superseded copies in older generations (what the memory holds). */
  get size(): number {
    let size = this.young.size
    for (const old of this.olds) size += old.size
    return size
  }

  /** A copy sharing this one's maps until it writes; writes to either do not show in the other. */
  fork(): LinkCauses {
    this.#isYoungShared = true
    return new LinkCauses(this.generationSize * this.maxOlds, this.young, this.olds, true)
  }

  /** The cause remembered for `token`, if any. */
  get(token: number): LinkCause | undefined {
    const young = this.young.get(token)
    if (young !== undefined) return young ?? undefined
    for (const old of this.olds) {
      const cause = old.get(token)
      if (cause !== undefined) return cause ?? undefined
    }
    return undefined
  }

  /**
   * Remembers `cause` for `token` (null: forget the token, which a reused token needs); returns
   * how many unanswered causes were forgotten to stay within the cap.
   */
  set(token: number, cause: LinkCause | null): number {
    if (this.#isYoungShared) {
      this.young = new Map(this.young)
      this.#isYoungShared = false
    }
    this.young.set(token, cause)
    if (this.young.size < this.generationSize) return 0
    const olds = [this.young, ...this.olds]
    this.young = new Map()
    const dropped = olds.length > this.maxOlds ? olds.pop()! : undefined
    this.olds = olds
    if (!dropped) return 0
    let forgotten = 0
    for (const [key, value] of dropped) {
      // A token written again later lives on in a newer generation: only the last copy counts.
      if (value !== null && !value.isAnswered && !olds.some(g => g.has(key))) forgotten++
    }
    return forgotten
  }
}
