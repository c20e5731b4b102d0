#!/usr/bin/env bash
# gen-readme.sh [--check] - the README's rule table and docs/rules.md come
# from the rule catalog (`weaklink rules --format markdown[-full]`).
# --check: exit 1 if either file is stale (make test runs this).
set -eu
cd "$(dirname "$0")/.."
BIN=${WEAKLINK:-build/release/weaklink}
table=$(mktemp); full=$(mktemp); readme=$(mktemp)
trap 'rm -f "$table" "$full" "$readme"' EXIT
"$BIN" rules --format markdown >"$table"
"$BIN" rules --format markdown-full >"$full"
awk -v table="$table" '
  /<!-- rules:begin -->/ { print; while ((getline l < table) > 0) print l; skip = 1; next }
  /<!-- rules:end -->/ { skip = 0 }
  !skip { print }
' README.md >"$readme"
if [ "${1:-}" = "--check" ]; then
  cmp -s "$readme" README.md && cmp -s "$full" docs/rules.md
  exit
fi
cp "$readme" README.md
cp "$full" docs/rules.md
echo "README.md and docs/rules.md regenerated from the rule catalog"
