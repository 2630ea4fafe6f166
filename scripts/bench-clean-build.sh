#!/usr/bin/env bash
# Clean debug build of the `wooshpay` crate, side by side with another crate
# (BENCHMARKS.md compares the one cargo-progenitor generates for the same
# API), as a user's app pays for it: dependencies included, each build in a
# fresh CARGO_TARGET_DIR, builds alternating so machine load hits both alike.
#
# Usage: bash scripts/bench-clean-build.sh [OTHER_CRATE_DIR...]
#   OTHER_CRATE_DIR  crates to build beside wooshpay, each as it is (for a
#                    fair comparison, a small binary depending on the other
#                    client, as the one made here for wooshpay)
# Env: RUNS=3 (builds of each), WORK=/tmp/wooshpay-clean-build (scratch
# folder), JOBS=2.
# Prints one line per build (wall, user+sys CPU, max RSS) and the medians.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-3}
work=${WORK:-/tmp/wooshpay-clean-build}
jobs=${JOBS:-2}

mkdir -p "$work/app-wooshpay/src"
# A user's app depending on wooshpay: the workspace's profiles and
# lockfile do not apply, as they would not for a user.
cat >"$work/app-wooshpay/Cargo.toml" <<TOML
[package]
name = "app-wooshpay"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
wooshpay = { path = "$repo/generated" }
[workspace]
TOML
echo 'fn main() { let _ = wooshpay::Client::new("sk_test_x"); }' >"$work/app-wooshpay/src/main.rs"

manifests=("$work/app-wooshpay/Cargo.toml")
names=(wooshpay)
for other in "$@"; do
    manifests+=("$(cd "$other" && pwd)/Cargo.toml")
    names+=("$(basename "$other")")
done
for manifest in "${manifests[@]}"; do
    cargo fetch --quiet --manifest-path "$manifest" # downloads are not build time
done

results="$work/results.tsv"
: >"$results"
for run in $(seq "$runs"); do
    for i in "${!manifests[@]}"; do
        target="$work/target-${names[$i]}"
        rm -rf "$target"
        log="$work/time-${names[$i]}-$run.txt"
        CARGO_TARGET_DIR=$target CARGO_INCREMENTAL=0 /usr/bin/time -v \
            cargo build --quiet -j "$jobs" --manifest-path "${manifests[$i]}" 2>"$log"
        awk -v name="${names[$i]}" -v run="$run" -F': ' '
            /User time/ { user = $2 } /System time/ { sys = $2 }
            /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
            /Maximum resident/ { rss = $2 / 1024 }
            END { printf "%s\t%d\t%.1f\t%.1f\t%.0f\n", name, run, wall, user + sys, rss }
        ' "$log" | tee -a "$results"
    done
done
rm -rf "$work"/target-*

echo
echo "| crate | wall (median) | CPU user+sys (median) | max RSS MiB (median) |"
echo "|---|---:|---:|---:|"
median() { # name column: the median of that column over the name's builds
    awk -F'\t' -v name="$1" -v column="$2" '$1 == name { print $column }' "$results" |
        sort -n | awk '{ value[NR] = $1 } END { print value[int((NR + 1) / 2)] }'
}
for name in "${names[@]}"; do
    printf '| %s | %s s | %s s | %s |\n' "$name" "$(median "$name" 3)" "$(median "$name" 4)" "$(median "$name" 5)"
done
