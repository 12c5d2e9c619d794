export { createCollectorApp } from './collector-app.ts'
export { collectorMiddleware } from './collector-middleware.ts'
export { DEFAULT_MAX_BODY_BYTES } from './collector-options.ts'
export type { CollectorOptions } from './collector-options.ts'
