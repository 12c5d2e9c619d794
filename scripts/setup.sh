#!/usr/bin/env bash
# Everything a fresh Debian machine with only Node 20 and npm needs before the demo or the tests:
# pnpm, the workspace's dependencies, Debian's chromium (for the headless browser), and a build.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1; then
  echo "[setup] installing pnpm 10"
  npm install -g pnpm@10 >/dev/null
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "[setup] installing Debian's chromium (headless browser for the demo and tests)"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

if [ "${CI:-}" = "true" ]; then
  pnpm install --frozen-lockfile --reporter=silent
else
  pnpm install --reporter=silent
fi
pnpm -s build --output-logs=errors-only
