// Entry `@execscope/runtime/hot-calls`: the call strategy that counts the calls of hot, short
// functions instead of recording each (shared/hot-calls.ts), for the browser runtime's `calls`
// option. A module of its own, so the browser runtime does not carry it unless asked; the Node
// runtime has it built in.
export { countHotCalls } from './shared/hot-calls.ts'
