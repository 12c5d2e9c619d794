import { defineConfig } from 'vite'
import execscope from 'execscope/vite'

export default defineConfig({
  plugins: [execscope()],
})
