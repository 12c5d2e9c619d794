#!/usr/bin/env bash
# The whole test suite (unit + end-to-end), then one plain line of totals from vitest's JSON report.
set -uo pipefail
cd "$(dirname "$0")/.."
report=.vitest-report.json
rm -f "$report"
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?
node scripts/test-totals.mjs "$report" || status=1
exit $status
