#!/usr/bin/env bash
# The whole test suite (unit + end-to-end), then one plain line of totals from vitest's JSON report.
set -uo pipefail
cd "$(dirname "$0")/.."
report=.vitest-report.json
rm -f "$report"
typecheck=0
pnpm -s typecheck --output-logs=errors-only >/dev/null || typecheck=$?
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?
node scripts/test-totals.mjs "$report" || status=1
if [ "$typecheck" -ne 0 ]; then
  echo "typecheck failed: run 'pnpm typecheck' to see the errors"
  status=1
fi
exit $status
