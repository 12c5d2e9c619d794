import { execscope } from './index.ts'

export default execscope.rspack as typeof execscope.rspack
