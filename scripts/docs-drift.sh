#!/usr/bin/env bash
# Checks the saved reference pages against spec/ and prints the report.
# Exits as `cargo xtask docs-check` does: 0 clean, 1 drift, 2 unreadable.
#
#   scripts/docs-drift.sh [PAGE...]   (default: the saved pages below)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then
    # The pages saved as text from the reference (the seed pages); add an
    # endpoint's page or OpenAPI export here when it is saved.
    set -- tests/fixtures/pages/retrieve_setup_intent.txt tests/fixtures/pages/update_setup_intent.txt
fi
cargo xtask docs-check "$@" 2>&1
