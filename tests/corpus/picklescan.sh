#!/usr/bin/env bash
# picklescan.sh - scan picklescan's own regression corpus (shared, read-only)
# and check every row of its expect.tsv: "flag" needs at least one warning or
# error on the file, "clean" none, "any" either (reasons: picklescan-any.md).
# Prints "PASS name" / "FAIL name" per file and a summary line.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus=${PICKLESCAN_CORPUS:-$root/../shared/corpus/picklescan}
[ -d "$corpus" ] || corpus=/work/shared/corpus/picklescan
bin=${1:-${WEAKLINK:-$root/weaklink}}
if [ ! -f "$corpus/expect.tsv" ]; then
  echo "SKIPPED picklescan corpus: $corpus not found"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# a plain copy: the corpus may sit inside another git work tree
cp -r "$corpus/." "$tmp/c"
"$bin" scan --no-config -j 2 -o sarif:"$tmp/out.sarif" "$tmp/c" >/dev/null 2>"$tmp/err"
st=$?
if [ $st -eq 2 ] || [ ! -s "$tmp/out.sarif" ]; then
  echo "FAIL picklescan-scan (exit $st)"; cat "$tmp/err"
  echo "picklescan corpus: 0 passed, 1 failed"
  exit 1
fi
python3 - "$tmp/out.sarif" "$corpus/expect.tsv" <<'PY'
import json, sys
sarif, expect = sys.argv[1], sys.argv[2]
hits = {}
for run in json.load(open(sarif))["runs"]:
    for r in run.get("results", []):
        if r.get("level", "warning") not in ("warning", "error"):
            continue
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        hits.setdefault(uri, []).append(r["ruleId"])
npass = nfail = 0
for line in open(expect):
    if line.startswith("#") or not line.strip():
        continue
    f = line.rstrip("\n").split("\t")
    path, want = f[0], f[1]
    got = [v for k, v in hits.items() if k == path or k.endswith("/" + path)]
    rules = sorted({x for v in got for x in v})
    flagged = bool(rules)
    ok = want == "any" or (want == "flag") == flagged
    print("%s %s  (expect %s, got %s)" % ("PASS" if ok else "FAIL", path, want,
          ",".join(rules) if rules else "clean"))
    npass += ok
    nfail += not ok
print("picklescan corpus: %d passed, %d failed" % (npass, nfail))
sys.exit(1 if nfail else 0)
PY
