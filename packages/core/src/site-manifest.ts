/** What kind of function a site is. */
export type SiteKind =
  | 'function'
  | 'arrow'
  | 'method'
  | 'getter'
  | 'setter'
  | 'constructor'
  /** A class `static { … }` block. */
  | 'static-block'
  /** A class field initializer that is not itself a function (`count = 0`, `items = new Map()`). */
  | 'field-init'
  /**
   * Not a function: an assignment to a property of `this` (`this.items = …`, `this.count++`)
   * recorded as a state change. Named `Owner.key` (`TodoStore.items`), where Owner is the class,
   * object literal or constructor function `this` belongs to; the fields `isAsync`/`isGenerator` are false.
   */
  | 'state'

/** One instrumented place: a manifest row, sent to the collector once per module version. */
export interface SiteRow {
  /** Stable id, `siteIdOf(key)`. */
  siteId: number
  /** `file#qualifiedName#ordinal`, the input of the id. */
  key: string
  kind: SiteKind
  /** Reads like a stack frame: `TodoStore.add`, `render.<anonymous>`, `<arrow@12:8>`. */
  name: string
  /** Path relative to the project root, `/`-separated. */
  file: string
  /** 1-based line of the function in the original source. */
  line: number
  /** 1-based column of the function in the original source. */
  column: number
  /** `async`, `generator`, or both: these calls suspend and resume. */
  isAsync: boolean
  isGenerator: boolean
}
