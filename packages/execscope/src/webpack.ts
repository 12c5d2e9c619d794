import { execscope } from './index.ts'

export default execscope.webpack as typeof execscope.webpack
