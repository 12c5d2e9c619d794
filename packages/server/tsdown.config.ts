import { defineConfig } from 'tsdown'

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'node',
  // Emit dist/index.js (not .mjs), as package.json's exports map says.
  fixedExtension: false,
  dts: true,
  clean: true,
})
