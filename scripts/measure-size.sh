#!/usr/bin/env bash
# Size and build cost of the generated `wooshpay` crate, as Markdown tables:
#
#   * lines of generated code (generated/src/generated/**) in total, per
#     spec schema and per endpoint (counts taken from spec/*.yaml);
#   * clean `cargo build -p wooshpay` times, debug and release, in a fresh
#     CARGO_TARGET_DIR under /tmp (dependencies included), then of the
#     wooshpay crate alone (after `cargo clean -p wooshpay` in that folder).
#
# Usage: bash scripts/measure-size.sh [--no-build]
#   --no-build   only count lines (seconds instead of minutes)
# Env: KEEP_TARGET=1 keeps the temporary target folder; JOBS=N passes -j N.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
case "${1:-}" in
--no-build) build=0 ;;
"") ;;
*)
    echo "usage: $0 [--no-build]" >&2
    exit 2
    ;;
esac

gen=generated/src/generated

# ---- what the spec declares --------------------------------------------

# Keys indented by exactly two spaces under a top-level `schemas:` or
# `endpoints:` are schema and endpoint names (spec/README.md, "File layout").
count_section() { # section file...
    awk -v section="$1" '
        /^[^ #]/ { in_section = ($0 ~ "^" section ":") ; next }
        in_section && /^  [A-Za-z_][A-Za-z0-9_]*:/ { n++ }
        END { print n + 0 }
    ' "${@:2}"
}
spec_files=(spec/*.yaml)
schemas=$(count_section schemas "${spec_files[@]}")
endpoints=$(count_section endpoints "${spec_files[@]}")
# Inline objects and union payloads become types of their own.
types=$(cat "$gen"/models/*.rs | grep -cE '^pub (struct|enum|type) ' || true)

# ---- lines --------------------------------------------------------------

# all: every line; code: not blank and not a comment (`//`, `///`, `//!`).
count_lines() { # files...
    cat "$@" | awk '
        { all++ }
        !/^[[:space:]]*$/ && !/^[[:space:]]*\/\// { code++ }
        END { printf "%d %d\n", all, code + 0 }
    '
}
read -r model_all model_code < <(count_lines "$gen"/models/*.rs)
read -r endpoint_all endpoint_code < <(count_lines "$gen"/endpoints/*.rs)
read -r total_all total_code < <(count_lines $(find "$gen" -name '*.rs' | sort))
runtime_files=$(find generated/src -maxdepth 1 -name '*.rs' | sort)
# shellcheck disable=SC2086
read -r runtime_all runtime_code < <(count_lines $runtime_files)

per() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "–"; else printf "%.0f", a / b }'; }

echo "## Generated code ($(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo
echo "Spec: ${#spec_files[@]} files, $schemas schemas (→ $types generated types), $endpoints endpoints."
echo
echo "| what | files | lines | code lines¹ | lines per unit | code lines per unit |"
echo "|---|---:|---:|---:|---:|---:|"
echo "| models (\`$gen/models\`) | $(ls "$gen"/models/*.rs | wc -l) | $model_all | $model_code | $(per "$model_all" "$schemas") per schema | $(per "$model_code" "$schemas") per schema |"
echo "| | | | | $(per "$model_all" "$types") per generated type | $(per "$model_code" "$types") per generated type |"
echo "| endpoints (\`$gen/endpoints\`) | $(ls "$gen"/endpoints/*.rs | wc -l) | $endpoint_all | $endpoint_code | $(per "$endpoint_all" "$endpoints") per endpoint | $(per "$endpoint_code" "$endpoints") per endpoint |"
echo "| all generated | $(find "$gen" -name '*.rs' | wc -l) | $total_all | $total_code | | |"
echo "| hand-written runtime (\`generated/src/*.rs\`) | $(echo "$runtime_files" | wc -l) | $runtime_all | $runtime_code | | |"
echo
echo "¹ not blank and not a \`//\` comment (doc comments are most of the rest)."

[ "$build" = 1 ] || exit 0

# ---- build times ----------------------------------------------------------

target=$(mktemp -d /tmp/wooshpay-size.XXXXXX)
if [ "${KEEP_TARGET:-0}" != 1 ]; then
    trap 'rm -rf "$target"' EXIT
fi
jobs=()
[ -n "${JOBS:-}" ] && jobs=(-j "$JOBS")

seconds() { # command... → wall seconds, output to stderr on failure
    local start end log
    log=$(mktemp)
    start=$(date +%s.%N)
    if ! "$@" >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        return 1
    fi
    end=$(date +%s.%N)
    rm -f "$log"
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }'
}

# Fetch first so that download time is not counted.
cargo fetch --quiet
export CARGO_TARGET_DIR="$target"
export CARGO_INCREMENTAL=0 # as in CI builds; debug builds default to incremental
debug_clean=$(seconds cargo build "${jobs[@]}" -p wooshpay)
cargo clean -p wooshpay --quiet
debug_crate=$(seconds cargo build "${jobs[@]}" -p wooshpay)
release_clean=$(seconds cargo build "${jobs[@]}" -p wooshpay --release)
cargo clean -p wooshpay --release --quiet
release_crate=$(seconds cargo build "${jobs[@]}" -p wooshpay --release)
rlib_debug=$(find "$target/debug/deps" -name 'libwooshpay-*.rlib' -printf '%s\n' | head -1)
rlib_release=$(find "$target/release/deps" -name 'libwooshpay-*.rlib' -printf '%s\n' | head -1)

echo
echo "## Build time of \`wooshpay\` ($(nproc) cores, $(rustc --version))"
echo
echo "| build | clean, with dependencies (s) | \`wooshpay\` crate alone (s) | libwooshpay.rlib |"
echo "|---|---:|---:|---:|"
echo "| debug (\`cargo build -p wooshpay\`) | $debug_clean | $debug_crate | $((rlib_debug / 1024)) KiB |"
echo "| release (\`cargo build -p wooshpay --release\`) | $release_clean | $release_crate | $((rlib_release / 1024)) KiB |"
echo
echo "\"Alone\" is a rebuild after \`cargo clean -p wooshpay\`: the dependencies are built already."
