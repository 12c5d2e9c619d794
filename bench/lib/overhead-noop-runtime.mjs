// A runtime that records nothing: the execscope-instrumented bundle run against it shows what the
// instrumentation's shape alone costs (the calls and try/catch/finally), apart from recording.
export const e = () => 0
export const r = () => {}
export const x = () => {}
export const a = () => 0
export const s = (_site, _token, value) => value
export const u = (_site, _token, value) => value
