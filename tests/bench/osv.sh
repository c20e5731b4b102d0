#!/usr/bin/env bash
# osv.sh - the offline OSV database at the size of PyPI's export: a generated
# zip of 20,000 records (2,000 packages, 10 advisories each with several
# ranges, aliases and a versions list) and a requirements file of 5,000
# pins. Prints the load alone (osv-info), the scan without the database and
# with it, so the difference is the cost of loading and checking.
set -u
W=${WEAKLINK:?}
T=$(mktemp -d /tmp/wl-bench-osv.XXXXXX)
trap 'rm -rf "$T"' EXIT
python3 - "$T" <<'PY'
import json, os, random, sys, zipfile
d = sys.argv[1]
random.seed(440)
with zipfile.ZipFile(os.path.join(d, "all.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(20000):
        p = i % 2000
        lo = random.randint(0, 8)
        rec = {
            "schema_version": "1.6.0", "id": f"GHSA-bench-{i:05d}", "aliases": [f"CVE-2026-{i:05d}", f"PYSEC-2026-{i:05d}"],
            "modified": f"2026-11-{1 + i % 28:02d}T00:00:00Z", "published": "2026-01-01T00:00:00Z",
            "summary": f"generated advisory {i} for bench-pkg-{p:04d}", "details": "x" * 400,
            "affected": [{
                "package": {"ecosystem": "PyPI", "name": f"Bench_Pkg-{p:04d}", "purl": f"pkg:pypi/bench-pkg-{p:04d}"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": f"{lo}.0"}, {"fixed": f"{lo}.{random.randint(1, 9)}.1"}]},
                           {"type": "ECOSYSTEM", "events": [{"introduced": f"{lo + 1}.0rc1"}, {"last_affected": f"{lo + 1}.2.post1"}]}],
                "versions": [f"{lo}.{k}.0" for k in range(20)],
            }],
            "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:N"}],
            "database_specific": {"severity": "HIGH", "cwe_ids": ["CWE-502"]},
        }
        z.writestr(f"PyPI/{rec['id']}.json", json.dumps(rec, indent=2))
os.makedirs(os.path.join(d, "repo"))
with open(os.path.join(d, "repo", "requirements.txt"), "w") as f:
    for i in range(5000):
        f.write(f"bench-pkg-{i % 2000:04d}=={random.randint(0, 9)}.{random.randint(0, 9)}.{random.randint(0, 2)}\n")
PY
# wall and CPU (user+sys) seconds, best of 3; the machine may be shared, so
# CPU time is the figure that says what it costs
t() { local TIMEFORMAT='%R %U %S' out; out=$( { time "$@" >/dev/null 2>&1; } 2>&1 ); echo "$out"; }
best() {
  local bw=999 bc=999 w u s i
  for i in 1 2 3; do
    read -r w u s < <(t "$@")
    bw=$(awk "BEGIN{print ($w < $bw) ? $w : $bw}")
    bc=$(awk "BEGIN{c = $u + $s; print (c < $bc) ? c : $bc}")
  done
  printf '%.3f s wall, %.3f s cpu' "$bw" "$bc"
}
scan() { "$W" scan --no-config -j1 --fail-on none "$@" "$T/repo"; }
echo "osv: database: $(du -k "$T/all.zip" | cut -f1) KiB zip, $(unzip -l "$T/all.zip" 2>/dev/null | tail -1 | awk '{print int($1/1024)}') KiB of JSON, $("$W" osv-info "$T/all.zip" | sed -n 's/^records: //p') records"
echo "osv: load the database alone (osv-info): $(best "$W" osv-info "$T/all.zip")"
echo "osv: 5,000 pins without --osv-db: $(best scan -o sarif:/dev/null)"
echo "osv: 5,000 pins with --osv-db: $(best scan --osv-db "$T/all.zip" -o sarif:/dev/null)"
scan --osv-db "$T/all.zip" -o sarif:"$T/b.sarif" >/dev/null 2>&1
echo "osv: WL115 findings: $(grep -c '"ruleId":.*"WL115"' "$T/b.sarif")"
