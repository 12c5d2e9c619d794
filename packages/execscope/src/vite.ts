import { execscope } from './index.ts'

export default execscope.vite as typeof execscope.vite
