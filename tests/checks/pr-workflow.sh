#!/usr/bin/env bash
# pr-workflow.sh BIN - the pull-request workflow pieces that need more than
# one run: shards merged into the bytes of a full scan, and baselines
# (baselineState new / unchanged / updated / absent, --fail-on on new only).
set -u
W=$1
HERE=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d /tmp/wl-prflow.XXXXXX)
trap 'rm -rf "$T"' EXIT
ok() { echo "PASS pr-workflow/$1"; }
ko() { echo "FAIL pr-workflow/$1: $2"; }

# --- shards: every golden input tree side by side, split 3 and 5 ways
mkdir "$T/tree"
for d in "$HERE"/tests/cases/*/input; do
  c=$(basename "$(dirname "$d")")
  case "$c" in bad-inputs|unreadable|python-large-file) continue ;; esac # special files, sizes
  cp -a "$d" "$T/tree/$c"
done
(cd "$T/tree" && "$W" scan --no-config -j2 --fail-on none -o sarif:"$T/full.sarif" . >/dev/null 2>&1)
nres=$(grep -c '"ruleId"' "$T/full.sarif")
[ "$nres" -gt 200 ] || ko merge-input "the golden trees gave only $nres results"
for n in 3 5; do
  parts=()
  for k in $(seq 1 $n); do
    (cd "$T/tree" && "$W" scan --no-config -j2 --fail-on none --shard "$k/$n" -o sarif:"$T/s$k.sarif" . >/dev/null 2>&1)
    parts+=("$T/s$k.sarif")
  done
  "$W" merge -o "$T/merged$n.sarif" "${parts[@]}"
  if cmp -s "$T/full.sarif" "$T/merged$n.sarif"; then ok "merge-$n-shards-byte-identical"
  else ko "merge-$n-shards-byte-identical" "$(diff <(head -c 20000000 "$T/full.sarif") "$T/merged$n.sarif" | head -5)"; fi
done
# a shard reports only its own files, and every file has exactly one owner
/usr/bin/python3 - "$T"/s?.sarif <<'PY' && ok shards-partition || ko shards-partition "a file reported by two shards"
import json, sys
seen = {}
for p in sys.argv[1:]:
    for r in json.load(open(p))["runs"][0]["results"]:
        u = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert seen.setdefault(u, p) == p, u
PY
"$W" scan --shard 0/3 . >/dev/null 2>&1; [ $? -eq 2 ] && ok shard-usage || ko shard-usage "0/3 accepted"
"$W" scan --shard 4/3 . >/dev/null 2>&1; [ $? -eq 2 ] && ok shard-usage-k-above-n || ko shard-usage-k-above-n "4/3 accepted"
echo '{"runs": []}' >"$T/bogus.sarif"
"$W" merge "$T/bogus.sarif" >/dev/null 2>&1; [ $? -eq 2 ] && ok merge-rejects-non-weaklink || ko merge-rejects-non-weaklink "exit not 2"

# --- baselines
R="$T/repo"; mkdir "$R"
printf 'import pickle, yaml\nd = pickle.loads(blob)\ny = yaml.load(s, Loader=yaml.Loader)\n' >"$R/app.py"
printf 'requests>=2\n' >"$R/requirements.txt"
(cd "$R" && "$W" baseline --no-config -o "$T/base.sarif" . 2>"$T/err"); rc=$?
[ $rc -eq 0 ] && [ -s "$T/base.sarif" ] && ok baseline-written || ko baseline-written "exit $rc: $(cat "$T/err")"
(cd "$R" && "$W" scan --no-config --baseline "$T/base.sarif" -o sarif:"$T/same.sarif" . >/dev/null); rc=$?
[ $rc -eq 0 ] && ok baseline-unchanged-passes || ko baseline-unchanged-passes "exit $rc with nothing new"
# a new finding, a fixed one, an untouched one, and code moved down two lines
printf '# moved\n\nimport pickle, yaml\nd = pickle.loads(blob)\neval(x)\n' >"$R/app.py"
(cd "$R" && "$W" scan --no-config --baseline "$T/base.sarif" -o sarif:"$T/cmp.sarif" -o text:"$T/cmp.txt" .); rc=$?
[ $rc -eq 1 ] && ok baseline-new-fails || ko baseline-new-fails "exit $rc, expected 1"
/usr/bin/python3 - "$T/cmp.sarif" <<'PY' && ok baseline-states || ko baseline-states "wrong baselineState"
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
st = sorted((r["ruleId"], r["baselineState"], r["level"]) for r in res)
want = sorted([("WL101", "unchanged", "warning"), ("WL203", "unchanged", "warning"),
               ("WL201", "new", "warning"), ("WL206", "absent", "none")])
assert st == want, st
assert [r.get("kind") for r in res if r["baselineState"] == "absent"] == ["pass"]
PY
grep -q "against the baseline: 1 new, 2 unchanged, 0 updated, 1 absent" "$T/cmp.txt" && ok baseline-text-summary \
  || ko baseline-text-summary "$(tail -1 "$T/cmp.txt")"
grep -q "(new) " "$T/cmp.txt" && ok baseline-text-marks-new || ko baseline-text-marks-new "no (new) marker"
# only new findings count: --fail-on error with a new warning passes
(cd "$R" && "$W" scan --no-config --baseline "$T/base.sarif" --fail-on error . >/dev/null); rc=$?
[ $rc -eq 0 ] && ok baseline-fail-on-level || ko baseline-fail-on-level "exit $rc"
"$W" scan --no-config --baseline "$T/bogus.sarif" "$R" >/dev/null 2>&1; [ $? -eq 2 ] && ok baseline-bad-file \
  || ko baseline-bad-file "a malformed baseline was accepted"
"$W" scan --no-config --baseline "$T/nope.sarif" "$R" >/dev/null 2>&1; [ $? -eq 2 ] && ok baseline-missing-file \
  || ko baseline-missing-file "a missing baseline was accepted"
# merge -o onto a FIFO writes into it (renaming over a device as root would replace /dev/null)
mkfifo "$T/fifo"
(cat "$T/fifo" >"$T/fifo.out" &)
"$W" merge -o "$T/fifo" "$T/s1.sarif" "$T/s2.sarif" "$T/s3.sarif"
sleep 0.2
if [ -p "$T/fifo" ] && grep -q '"runs"' "$T/fifo.out"; then ok merge-output-fifo-kept; else ko merge-output-fifo-kept "the FIFO was replaced or nothing came through"; fi
