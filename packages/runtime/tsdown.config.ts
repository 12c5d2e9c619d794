import { defineConfig } from 'tsdown'

export default defineConfig({
  // src/node/drain-worker.ts is the drain worker's own module (started by URL, dist/node/drain-worker.js).
  entry: ['src/index.ts', 'src/browser.ts', 'src/node.ts', 'src/probes.ts', 'src/probes-node.ts', 'src/state.ts', 'src/values.ts', 'src/node/drain-worker.ts'],
  format: 'esm',
  platform: 'neutral',
  dts: true,
  clean: true,
  fixedExtension: false,
  // The plugin imports dist/browser.js by absolute path into the app, where @execscope/core may not
  // resolve: the codec is bundled in, so the output imports only its own relative chunks.
  deps: { alwaysBundle: [/^@execscope\/core\/codec$/], neverBundle: [/^node:/] },
})
