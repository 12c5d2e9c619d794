// Entry `@execscope/runtime/count`: level `count` for a runtime without a counting strategy (the
// browser runtime of a build): the plugin's generated module adds it when a build has functions at
// that level, outside the browser runtime's size budget, as it adds the value and state recorders.
export { countEachCall } from './shared/count-each-call.ts'
