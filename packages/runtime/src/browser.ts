// Entry the bundler plugin imports by absolute path: `export const { e, r, x, a, s, u } = install({...})`.
export { install } from './browser/install.ts'
export type { BrowserRuntimeConfig, InstalledRuntime } from './browser/install.ts'
export type { TransportStats } from './shared/shipper.ts'
