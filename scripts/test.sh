#!/usr/bin/env bash
# The whole test suite: typecheck of every package, then unit and end-to-end tests, then one plain
# line of totals from vitest's JSON report (CI logs cannot read vitest's own summary).
set -uo pipefail
cd "$(dirname "$0")/.."
report=.vitest-report.json
rm -f "$report"
status=0
if ! pnpm -s typecheck --output-logs=errors-only >/dev/null; then
  echo "typecheck failed: run 'pnpm typecheck' to see the errors"
  status=1
fi
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=1
node scripts/test-totals.mjs "$report" || status=1
exit $status
