/**
 * The smallest `__es<n>` that occurs nowhere in the source text. Every injected identifier starts
 * with it, so none can collide with or be shadowed by the module's own names, whatever their scope.
 */
export function pickPrefix(code: string): string {
  for (let n = 0; ; n++) {
    const prefix = `__es${n}`
    if (!code.includes(prefix)) return prefix
  }
}
