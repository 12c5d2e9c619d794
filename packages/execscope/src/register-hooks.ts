/*
 * Node module hooks (module.register) for `--import execscope/register`: they run on Node's
 * loader thread and instrument the app's ES modules as they load. CommonJS modules are
 * instrumented on the app's thread by the require hook in register.ts.
 */
import type { InitializeHook, LoadHook, ResolveHook } from 'node:module'
import type { RegisterPaths } from './module-instrumenter.ts'
import { GLOBAL_RUNTIME_KEY, RUNTIME_SPECIFIER } from '@execscope/core/codec'
import type { InstrumentKit } from './instrument-kit.ts'
import { createModuleInstrumenter, NEEDS_INSTRUMENTER, REGISTER_TYPESCRIPT_HINT, withInlineMap } from './module-instrumenter.ts'

/** What instrumented ES modules import: the runtime register.ts installed on their thread. */
const RUNTIME_SOURCE = `const rt = globalThis[${JSON.stringify(GLOBAL_RUNTIME_KEY)}];
const pass = (_site, _token, value) => value;
export const e = rt ? rt.e : () => 0;
export const r = rt ? rt.r : () => {};
export const x = rt ? rt.x : () => {};
export const a = rt ? rt.a : () => 0;
export const s = rt ? rt.s : pass;
export const u = rt ? rt.u : pass;
export const k = rt && rt.k ? rt.k : () => {};
export const o = rt && rt.o ? rt.o : () => undefined;
export const c = rt && rt.c ? rt.c : (_site, _target, _key, _old, value) => value;
export const p = rt && rt.p ? rt.p : () => {};
export const v = rt && rt.v ? rt.v : pass;
export const q = rt && rt.q ? rt.q : r;
export const y = rt && rt.y ? rt.y : x;
`

let instrumentModule: ReturnType<typeof createModuleInstrumenter> | undefined
// Loaded on the first module the cache does not have (acorn and all: tens of milliseconds).
let kit: InstrumentKit | undefined

export const initialize: InitializeHook<RegisterPaths> = (paths) => {
  instrumentModule = createModuleInstrumenter(paths, message => process.stderr.write(`${message}\n`), () => kit, REGISTER_TYPESCRIPT_HINT)
}

export const resolve: ResolveHook = (specifier, context, nextResolve) => {
  if (specifier === RUNTIME_SPECIFIER) return { url: RUNTIME_SPECIFIER, shortCircuit: true }
  return nextResolve(specifier, context)
}

export const load: LoadHook = async (url, context, nextLoad) => {
  if (url === RUNTIME_SPECIFIER) return { format: 'module', source: RUNTIME_SOURCE, shortCircuit: true }
  const loaded = await nextLoad(url, context)
  if (loaded.format !== 'module' || loaded.source == null || !instrumentModule) return loaded
  try {
    const source = typeof loaded.source === 'string' ? loaded.source : Buffer.from(loaded.source as Uint8Array).toString('utf8')
    let instrumented = instrumentModule({ source, url, sourceType: 'module' })
    if (instrumented === NEEDS_INSTRUMENTER) {
      kit ??= (await import('./instrument-kit.js') as { kit: InstrumentKit }).kit
      instrumented = instrumentModule({ source, url, sourceType: 'module' })
    }
    return instrumented === undefined || instrumented === NEEDS_INSTRUMENTER ? loaded : { ...loaded, source: withInlineMap(instrumented) }
  }
  catch {
    // Never fail a module load on our account: it runs uninstrumented.
    return loaded
  }
}
