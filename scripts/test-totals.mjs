// Prints "N passed, N failed, N skipped" from vitest's JSON report, for CI logs that cannot read
// vitest's own summary. Exits non-zero when the report is missing or unreadable.
import { readFileSync } from 'node:fs'

const file = process.argv[2] ?? '.vitest-report.json'
let report
try {
  report = JSON.parse(readFileSync(file, 'utf8'))
}
catch (error) {
  console.log(`0 passed, 0 failed (no test report at ${file}: ${error.message})`)
  process.exit(1)
}
const failed = report.numFailedTests + (report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? report.numFailedTestSuites : 0)
const skipped = report.numPendingTests + report.numTodoTests
console.log(`${report.numPassedTests} passed, ${failed} failed, ${skipped} skipped`)
