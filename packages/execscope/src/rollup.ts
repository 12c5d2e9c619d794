import { execscope } from './index.ts'

export default execscope.rollup as typeof execscope.rollup
