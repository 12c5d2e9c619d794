import type { UserConfig } from 'tsdown'
import { defineConfig } from 'tsdown'

const common: UserConfig = {
  format: 'esm',
  platform: 'neutral',
  dts: true,
  fixedExtension: false,
  // The plugin imports dist/browser.js by absolute path into the app, where @execscope/core may not
  // resolve: the codec is bundled in, so the output imports only its own relative chunks.
  deps: { alwaysBundle: [/^@execscope\/core\/codec$/], neverBundle: [/^node:/] },
}

export default defineConfig([
  {
    ...common,
    entry: ['src/index.ts', 'src/browser.ts', 'src/probes.ts', 'src/probes-node.ts', 'src/state.ts', 'src/values.ts', 'src/hot-calls.ts', 'src/count.ts', 'src/browser-stats.ts'],
    clean: true,
  },
  // The Node runtime and its drain worker are one file each, sharing no chunk: every Node process
  // that records loads the runtime at start-up (and the worker when its ring fills), and each module
  // costs a resolve, a read and a compile; ten chunks took 10.7 ms to import, one file 7.1 ms. The
  // drain worker is started by URL: dist/node/drain-worker.js. (tsdown cleans dist once, before
  // all three builds.)
  { ...common, entry: ['src/node.ts'], clean: false },
  { ...common, entry: { 'node/drain-worker': 'src/node/drain-worker.ts' }, clean: false },
])
