#!/usr/bin/env bash
# osv.sh BIN - the offline OSV database outside a scan: `weaklink osv-info`
# on tests/osv/db (folder and zip), and every way a database or its settings
# cannot be used is exit 2. Prints PASS/FAIL lines.
set -u
W=$1
ok() { echo "PASS osv/$1"; }
ko() { echo "FAIL osv/$1: $2"; }
HERE=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d /tmp/wl-osv.XXXXXX)
trap 'rm -rf "$T"' EXIT

want='records: 11
withdrawn: 1 (ignored)
vulnerabilities: 9 (ids and aliases folded)
ecosystems: PyPI (9), npm (1)
newest modified: 2026-11-25T08:30:00Z (5 days ago)'
got=$(SOURCE_DATE_EPOCH=1796083200 "$W" osv-info "$HERE/osv/db" | tail -n +2)
[ "$got" = "$want" ] && ok info-folder || ko info-folder "got: $got"

(cd "$HERE/osv/db" && python3 -c '
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for n in sorted(os.listdir(".")): z.write(n, "PyPI/" + n)
' "$T/all.zip")
got=$(SOURCE_DATE_EPOCH=1796083200 "$W" osv-info "$T/all.zip" | tail -n +2)
[ "$got" = "$want" ] && ok info-zip || ko info-zip "got: $got"

head -c 2000 "$T/all.zip" >"$T/cut.zip"
"$W" osv-info "$T/cut.zip" >/dev/null 2>"$T/err"; [ $? -eq 2 ] && ok info-cut-zip || ko info-cut-zip "exit not 2"
"$W" osv-info "$T/missing" >/dev/null 2>&1; [ $? -eq 2 ] && ok info-missing || ko info-missing "exit not 2"
mkdir "$T/empty"
"$W" osv-info "$T/empty" 2>"$T/err" >/dev/null; [ $? -eq 2 ] && grep -q "no OSV records" "$T/err" && ok info-empty \
  || ko info-empty "exit not 2 or no message"
"$W" osv-info >/dev/null 2>&1; [ $? -eq 2 ] && ok info-usage || ko info-usage "exit not 2"

mkdir "$T/repo"
echo "torch==2.5.1" >"$T/repo/requirements.txt"
"$W" scan --no-config --osv-db "$T/missing" "$T/repo" >/dev/null 2>"$T/err"; rc=$?
[ $rc -eq 2 ] && grep -q -- "--osv-db: .*missing" "$T/err" && ok scan-missing-db || ko scan-missing-db "exit $rc"
"$W" scan --no-config --osv-db "$T/cut.zip" "$T/repo" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok scan-cut-zip || ko scan-cut-zip "exit $rc"
printf '[vulnerabilities]\nmax_age_days = "soon"\n' >"$T/bad.toml"
"$W" scan --config "$T/bad.toml" --osv-db "$HERE/osv/db" "$T/repo" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok config-max-age || ko config-max-age "exit $rc"
"$W" scan --no-config --osv-db "$T/all.zip" -o sarif:"$T/out.sarif" "$T/repo" >/dev/null 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q '"ruleId":.*"WL115"' "$T/out.sarif" && ok scan-zip-finds || ko scan-zip-finds "exit $rc"

# shards: the stale-database note is about the run, so every shard carries it;
# the merge must say it once, as the full scan does
cp -a "$HERE/cases/osv-vulns/input/." "$T/repo/"
for k in 1 2 3; do
  (cd "$T/repo" && SOURCE_DATE_EPOCH=1798675200 "$W" scan --no-config --fail-on none --osv-db "$HERE/osv/db" \
    --shard "$k/3" -o sarif:"$T/s$k.sarif" . >/dev/null 2>&1)
done
(cd "$T/repo" && SOURCE_DATE_EPOCH=1798675200 "$W" scan --no-config --fail-on none --osv-db "$HERE/osv/db" \
  -o sarif:"$T/full.sarif" . >/dev/null 2>&1)
"$W" merge -o "$T/merged.sarif" "$T/s1.sarif" "$T/s2.sarif" "$T/s3.sarif" 2>/dev/null
if cmp -s "$T/full.sarif" "$T/merged.sarif" && [ "$(grep -c 'days old' "$T/merged.sarif")" = 1 ]; then
  ok shards-merge-stale-note
else
  ko shards-merge-stale-note "merged SARIF differs from the full scan"
fi

# a zip large enough to be inflated by a second thread: the same database as
# a one-thread read, and a bad member in the middle stops the load (exit 2)
python3 - "$T" <<'PY'
import json, os, sys, zipfile
d = sys.argv[1]
os.makedirs(os.path.join(d, "many"))
with zipfile.ZipFile(os.path.join(d, "many.zip"), "w", zipfile.ZIP_DEFLATED) as z, \
     zipfile.ZipFile(os.path.join(d, "many-bad.zip"), "w", zipfile.ZIP_DEFLATED) as bad:
    for i in range(1500):
        rec = {"id": f"GEN-{i:04d}", "modified": f"2026-11-{1 + i % 28:02d}T00:00:00Z", "aliases": [f"CVE-X-{i // 2}"],
               "affected": [{"package": {"ecosystem": "PyPI", "name": f"p{i % 100}"},
                             "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": f"{i}.0"}]}]}]}
        text = json.dumps(rec)
        z.writestr(f"PyPI/GEN-{i:04d}.json", text)
        open(os.path.join(d, "many", f"GEN-{i:04d}.json"), "w").write(text)
        bad.writestr(f"PyPI/GEN-{i:04d}.json", text if i != 900 else text[:40])
PY
a=$("$W" osv-info "$T/many.zip" | tail -n +2); b=$("$W" osv-info "$T/many" | tail -n +2)
[ -n "$a" ] && [ "$a" = "$b" ] && echo "$a" | grep -q '^vulnerabilities: 750 ' && ok zip-threaded-same-as-folder \
  || ko zip-threaded-same-as-folder "zip: $a / folder: $b"
"$W" osv-info "$T/many-bad.zip" >/dev/null 2>"$T/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'many-bad.zip:PyPI/GEN-0900.json: not valid JSON' "$T/err" && ok zip-threaded-bad-member \
  || ko zip-threaded-bad-member "exit $rc: $(cat "$T/err")"

# not a folder or a regular file (a device would be read forever): exit 2
"$W" osv-info /dev/zero >/dev/null 2>"$T/err"; rc=$?
[ $rc -eq 2 ] && grep -q "neither a folder nor a regular file" "$T/err" && ok info-device || ko info-device "exit $rc"
