#!/usr/bin/env bash
# Whole-process codegen, side by side (BENCHMARKS.md, "Codegen as a process"):
#
#   1. `cargo xtask codegen` (the built binary, as `cargo xtask` runs it) on
#      the repository's spec, against `cargo progenitor` on
#      generated/openapi.json, alternating, with hyperfine;
#   2. scaling: the same library path on synthetic workspaces of 1 and 100
#      units (`generator/examples/synth_workspace.rs`).
#
# Usage: bash scripts/bench-codegen.sh [RUNS]   (default 10 runs each)
# Leaves $WORK/app-progenitor, a small app on progenitor's client, and two
# variants with TLS added (-tls: rustls + ring; -defaults: reqwest's
# defaults), for `bash scripts/bench-clean-build.sh $WORK/app-progenitor...`.
# Needs: hyperfine (apt-get install hyperfine) and, for part 1,
# cargo-progenitor (cargo install cargo-progenitor --version '^0.15' --locked).
# Env: WORK=/tmp/wooshpay-bench-codegen (scratch folder).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}
work=${WORK:-/tmp/wooshpay-bench-codegen}
cd "$repo"
mkdir -p "$work"

cargo build --quiet -p xtask -p generator --example synth_workspace
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
xtask="$target/debug/xtask"
synth="$target/debug/examples/synth_workspace"
"$xtask" codegen >/dev/null # warm disk; later runs write nothing, as a maintainer's usually do

if command -v cargo-progenitor >/dev/null; then
    # progenitor 0.15.1 rejects two constructs of our document; the copy it
    # reads has them changed (BENCHMARKS.md says which and why).
    python3 - generated/openapi.json "$work/openapi.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for item in doc["paths"].values():
    for op in item.values():
        if not isinstance(op, dict):
            continue
        for param in op.get("parameters", []):
            if param.get("style") == "deepObject":
                param["style"] = "form"
        responses = op.get("responses", {})
        if "default" in responses:
            error = responses.pop("default")
            responses["4XX"] = error
            responses["5XX"] = error
# typify names the inline one-of of PaymentIntent.payment_method_options
# (object or JSON-encoded string) PaymentIntentPaymentMethodOptions, the name
# of the component schema it wraps, and emits both: the crate does not
# compile. Renaming the component avoids the clash; nothing else changes.
renames = {"PaymentIntentPaymentMethodOptions": "PaymentIntentMethodOptions"}
text = json.dumps(doc)
for old, new in renames.items():
    text = text.replace('"#/components/schemas/%s"' % old, '"#/components/schemas/%s"' % new)
doc = json.loads(text)
schemas = doc["components"]["schemas"]
for old, new in renames.items():
    schemas[new] = schemas.pop(old)
json.dump(doc, open(sys.argv[2], "w"), indent=1)
PY
    hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$work/codegen.md" \
        -n "xtask codegen" "$xtask codegen" \
        -n "cargo progenitor" "cargo-progenitor progenitor -i $work/openapi.json -o $work/progenitor-out -n wooshpay-progenitor -v 0.1.0"
    # A small app using the generated client, for scripts/bench-clean-build.sh.
    mkdir -p "$work/app-progenitor/src"
    printf '[package]\nname = "app-progenitor"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\nwooshpay-progenitor = { path = "%s" }\n[workspace]\n' \
        "$work/progenitor-out" >"$work/app-progenitor/Cargo.toml"
    echo 'fn main() { let _ = wooshpay_progenitor::Client::new("https://api.wooshpay.com"); }' \
        >"$work/app-progenitor/src/main.rs"
    # The same app with what a user adds to reach https:// (progenitor's
    # crate has no TLS): the TLS stack wooshpay uses (rustls with ring) ...
    mkdir -p "$work/app-progenitor-tls/src" "$work/app-progenitor-defaults/src"
    printf '[package]\nname = "app-progenitor-tls"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\nwooshpay-progenitor = { path = "%s" }\nreqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider"] }\nrustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }\n[workspace]\n' \
        "$work/progenitor-out" >"$work/app-progenitor-tls/Cargo.toml"
    printf 'fn main() {\n    let _ = rustls::crypto::ring::default_provider().install_default();\n    let _ = wooshpay_progenitor::Client::new("https://api.wooshpay.com");\n}\n' \
        >"$work/app-progenitor-tls/src/main.rs"
    # ... or reqwest's default features (rustls on aws-lc-rs, HTTP/2, ...).
    printf '[package]\nname = "app-progenitor-defaults"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\nwooshpay-progenitor = { path = "%s" }\nreqwest = "0.13"\n[workspace]\n' \
        "$work/progenitor-out" >"$work/app-progenitor-defaults/Cargo.toml"
    cp "$work/app-progenitor/src/main.rs" "$work/app-progenitor-defaults/src/main.rs"
else
    echo "cargo-progenitor not installed: skipping the side-by-side run" >&2
fi

for units in 1 100; do
    rm -rf "$work/synth$units"
    "$synth" write-spec "$units" "$work/synth$units"
    "$synth" codegen "$work/synth$units" >/dev/null
done
hyperfine -N --warmup 1 --runs "$runs" --export-markdown "$work/scaling.md" \
    -n "1 unit" "$synth codegen $work/synth1" \
    -n "100 units" "$synth codegen $work/synth100"
echo
cat "$work"/codegen.md "$work/scaling.md" 2>/dev/null
