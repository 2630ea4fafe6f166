#!/usr/bin/env bash
# The pull-request report: the API change report against BASE (Markdown) and
# the snapshot files the branch changes, on stdout. Exits 1 when a change is
# breaking and generated/Cargo.toml's version is not bumped accordingly
# (the major number, or the minor one while it is 0.x), 2 on other errors.
#
#   scripts/pr-report.sh origin/main > report.md
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: scripts/pr-report.sh BASE}

# `--deny-breaking` exits with 4 when a change is breaking.
set +e
report=$(cargo xtask changes "$base" --format markdown --deny-breaking)
status=$?
set -e
case $status in
    0) breaking=no ;;
    4) breaking=yes ;;
    *) echo "cargo xtask changes failed with exit code $status" >&2; exit 2 ;;
esac

version_at() { # REV → the `version` of generated/Cargo.toml there
    git show "$1:generated/Cargo.toml" | sed -n 's/^version = "\(.*\)"/\1/p' | head -n 1
}
old=$(version_at "$base")
new=$(sed -n 's/^version = "\(.*\)"/\1/p' generated/Cargo.toml | head -n 1)

# Breaking needs the first non-zero component of the version raised.
bumped_enough() {
    local o_major o_minor n_major n_minor
    IFS=. read -r o_major o_minor _ <<<"$old"
    IFS=. read -r n_major n_minor _ <<<"$new"
    if [ "$o_major" = 0 ]; then
        [ "$n_major" -gt 0 ] || [ "$n_minor" -gt "$o_minor" ]
    else
        [ "$n_major" -gt "$o_major" ]
    fi
}

snapshots=$(git diff --name-only "$base" -- 'tests/tests/snapshots/*.snap' || true)

echo "<!-- wooshpay-pr-report -->"
echo "## API changes against \`$base\`"
echo
echo "$report"
echo
echo "### Changed snapshots"
echo
if [ -z "$snapshots" ]; then
    echo "None."
else
    while IFS= read -r file; do echo "- \`$file\`"; done <<<"$snapshots"
fi
echo
echo "Version: \`$old\` → \`$new\`."
if [ "$breaking" = yes ] && ! bumped_enough; then
    echo
    echo "**A change is breaking, but the version is not bumped accordingly:** raise the minor number while the crate is 0.x (\`$old\` → a new \`0.(x+1).0\`), the major number after 1.0, in \`generated/Cargo.toml\`."
    exit 1
fi
