// Entry `@execscope/runtime/browser-stats`: the browser runtime's account of its own cost, reported
// to the collector like the Node runtime's. A module of its own, outside the runtime's size budget;
// the plugin adds it where it adds the probes (the dev server, by default).
export { reportStats } from './browser/report-stats.ts'
export type { ReportedRuntime, StatsReportOptions } from './browser/report-stats.ts'
