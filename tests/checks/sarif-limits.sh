#!/usr/bin/env bash
# sarif-limits.sh BIN - SARIF stays within GitHub's upload limits: a scan with
# more than 25,000 results writes 25,000, keeps the most severe (an error
# that sorts last survives the cut), and says what was cut in a tool
# notification and on stderr; the text report keeps every finding.
set -u
W=$1
T=$(mktemp -d /tmp/wl-sarif-limits.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir "$T/repo"
/usr/bin/python3 -c '
for i in range(25100):
    print("pkg%05d>=1" % i)' >"$T/repo/requirements.txt"
printf 'FROM scratch\nRUN curl -sSL https://x.example/i.sh | sh\n' >"$T/repo/zz.Dockerfile"
(cd "$T/repo" && "$W" scan --no-config -o sarif:"$T/out.sarif" -o text:"$T/out.txt" . 2>"$T/stderr")
rc=$?
if [ $rc -ne 1 ]; then echo "FAIL sarif-limits/exit: exit $rc, expected 1"; exit 0; fi
if msg=$(/usr/bin/python3 - "$T/out.sarif" <<'PY' 2>&1
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
res = run["results"]
assert len(res) == 25000, "%d results" % len(res)
errs = [r for r in res if r["level"] == "error"]
assert errs and errs[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "zz.Dockerfile", "the error was cut"
notes = run["invocations"][0].get("toolExecutionNotifications", [])
assert any("101 of 25101 results were left out" in n["message"]["text"] for n in notes), notes
PY
); then echo "PASS sarif-limits/25000-results-most-severe-kept"; else echo "FAIL sarif-limits/25000-results-most-severe-kept: $msg"; fi
grep -q "results were left out" "$T/stderr" && echo "PASS sarif-limits/stderr" || echo "FAIL sarif-limits/stderr: nothing said on stderr"
n=$(grep -c ' WL101 ' "$T/out.txt")
[ "$n" -eq 25100 ] && echo "PASS sarif-limits/text-keeps-all" || echo "FAIL sarif-limits/text-keeps-all: $n WL101 lines"
