import { execscope } from './index.ts'

export default execscope.esbuild as typeof execscope.esbuild
