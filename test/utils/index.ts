export { copyPlayground, playgroundDir } from './playground.ts'
export { launchChromium } from './chromium.ts'
export { queryTrace } from './duckdb.ts'
export { buildNodeApp, childRunnerEnv, CLI, expectNodeAppTrace, run } from './node-app.ts'
