#!/usr/bin/env bash
# Checks the change report's verdicts against cargo-semver-checks for every
# fixture pair of the change-report tests (tests/tests/semver_checks.rs).
# Needs the tool: `cargo install cargo-semver-checks --locked`.
set -euo pipefail
cd "$(dirname "$0")/.."
WOOSHPAY_SEMVER_CHECKS=1 cargo test -p tests --test semver_checks -- --nocapture
