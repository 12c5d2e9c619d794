import { defineConfig } from 'tsdown'

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts', 'src/register.ts', 'src/register-hooks.ts', 'src/instrument-kit.ts', 'src/jest.ts', 'src/vite.ts', 'src/rollup.ts', 'src/esbuild.ts', 'src/webpack.ts', 'src/rspack.ts', 'src/rsbuild.ts'],
  format: 'esm',
  platform: 'node',
  dts: true,
  clean: true,
  fixedExtension: false,
})
