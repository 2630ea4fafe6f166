#!/usr/bin/env python3
"""Prints the median of every criterion benchmark under target/criterion
(or the folder given), one `id<TAB>median_ns` line each, sorted by id.
Used to fill BENCHMARKS.md: `python3 scripts/criterion-medians.py [FILTER]`."""

import json
import os
import sys

root = os.environ.get("CRITERION_DIR") or os.path.join(
    os.environ.get("CARGO_TARGET_DIR", "target"), "criterion"
)
pattern = sys.argv[1] if len(sys.argv) > 1 else ""
rows = []
for folder, _dirs, files in os.walk(root):
    if os.path.basename(folder) != "new" or "benchmark.json" not in files:
        continue
    with open(os.path.join(folder, "benchmark.json")) as f:
        bench_id = json.load(f)["full_id"]
    with open(os.path.join(folder, "estimates.json")) as f:
        median = json.load(f)["median"]["point_estimate"]
    if pattern in bench_id:
        rows.append((bench_id, median))


def human(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


for bench_id, median in sorted(rows):
    print(f"{bench_id}\t{median:.1f}\t{human(median)}")
