#!/usr/bin/env bash
# Installs the dashboard's front-end packages and the browser tests' driver from the npm
# registry, exactly as web/package-lock.json pins them. Skipped when already installed.
set -euo pipefail
cd "$(dirname "$0")/../web"
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  exit 0
fi
echo "clockspeed: installing the dashboard's npm packages" >&2
npm ci --no-audit --no-fund --loglevel=error >/dev/null
