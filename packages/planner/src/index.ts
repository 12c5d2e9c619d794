export { createDefaultPlan } from './default-plan.ts'
