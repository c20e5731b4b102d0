#!/usr/bin/env bash
# cli.sh BIN - the subcommands other than scan: rules (text, JSON, markdown),
# explain, version, help, and their usage errors. Prints PASS/FAIL lines.
set -u
W=$1
ok() { echo "PASS cli/$1"; }
ko() { echo "FAIL cli/$1: $2"; }

out=$("$W" rules --format json) && echo "$out" | /usr/bin/python3 -c '
import json, sys
rules = json.load(sys.stdin)
ids = [r["id"] for r in rules]
assert ids == sorted(ids) and len(ids) == len(set(ids)), "ids not sorted/unique"
for r in rules:
    assert r["help_markdown"] and r["short_description"] and r["name"], r["id"]
    assert r["level"] in ("note", "warning", "error"), r["id"]
' && ok rules-json || ko rules-json "invalid or incomplete JSON catalog"

n_json=$("$W" rules --format json | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
n_text=$("$W" rules | wc -l)
[ "$n_json" = "$n_text" ] && ok rules-text || ko rules-text "$n_text lines for $n_json rules"

"$W" explain WL101 | grep -q "how to fix" && ok explain-id || ko explain-id "no fix section"
"$W" explain unpinned-requirement | head -1 | grep -q '^WL101' && ok explain-name || ko explain-name "lookup by name failed"
"$W" explain WL999 >/dev/null 2>&1; [ $? -eq 2 ] && ok explain-unknown || ko explain-unknown "exit status not 2"
"$W" version | grep -qE '^weaklink [0-9]+\.[0-9]+\.[0-9]+$' && ok version || ko version "bad version line"
"$W" help scan | grep -q -- '--fail-on' && ok help-scan || ko help-scan "no options listed"
"$W" help scan | grep -q 'exit status' && ok help-exit-codes || ko help-exit-codes "exit codes missing from --help"
"$W" frobnicate >/dev/null 2>&1; [ $? -eq 2 ] && ok unknown-command || ko unknown-command "exit status not 2"
"$W" >/dev/null 2>&1; [ $? -eq 2 ] && ok no-command || ko no-command "exit status not 2"
"$W" scan --jobs 0 . >/dev/null 2>&1; [ $? -eq 2 ] && ok jobs-zero || ko jobs-zero "exit status not 2"
"$W" scan -o nope:- . >/dev/null 2>&1; [ $? -eq 2 ] && ok unknown-format || ko unknown-format "exit status not 2"
