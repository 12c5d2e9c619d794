import { mkdirSync } from 'node:fs'
import { buildVariants } from './lib/overhead-build.mjs'
const dir = '/tmp/exp/ovh'
mkdirSync(dir, { recursive: true })
for (const name of process.argv.slice(2)) { const { files } = await buildVariants(name, dir); console.log(name, JSON.stringify(files)) }
