import execscope from 'execscope/vite'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [execscope()],
})
