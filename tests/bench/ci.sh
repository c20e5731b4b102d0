#!/usr/bin/env bash
# ci.sh - CI/build-file figures: a 20,000-line shell script (installs, pipes,
# downloads; one line in 100 is a finding, as in real scripts), a Dockerfile
# with 2,000 RUN instructions over continuation lines, and a workflow with
# 1,000 steps whose run: blocks hold 5,000 lines; each generated on the fly
# and scanned alone (-j1), best of 3. (Thousands of findings in one file
# measure the engine's per-file fingerprinting instead, which is quadratic
# in the findings of a file.)
set -u
W=${WEAKLINK:?}
T=$(mktemp -d /tmp/wl-bench-ci.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/sh" "$T/df" "$T/gh/.github/workflows"
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
with open(f"{t}/sh/build.sh", "w") as f:
    f.write("#!/bin/sh\n")
    for i in range(5000):
        f.write(f"pip install --require-hashes -r requirements.txt --index-url https://mirror.example/simple\n")
        f.write(f"curl -fsSL https://example.com/{i}.json | python3 -m json.tool > /tmp/{i}.json\n")
        f.write(f"if [ -n \"$X{i}\" ]; then npm ci --prefix web{i}; fi\n")
        if i % 25 == 0:
            f.write(f"wget -O /tmp/t{i}.sh https://example.com/t{i}.sh && bash /tmp/t{i}.sh\n")
        else:
            f.write(f"go install example.com/tool{i}@v1.{i}.0 && echo \"built $i\" | tee -a log\n")
for d in ("sh", "df"):
    with open(f"{t}/{d}/requirements.txt", "w") as f:
        f.write("numpy==1.26.4 --hash=sha256:2e4ee3380d6de9c9ec04745830fd9e2eccb3e6cf790d39d7b98ffd19b0dd754a\n")
with open(f"{t}/df/Dockerfile", "w") as f:
    f.write("ARG BASE=python:3.11\nFROM ${BASE} AS build\n")
    for i in range(2000):
        bad = "curl -s https://e/{i} | bash" if i % 100 == 0 else "echo ok"
        f.write(f"RUN pip install --require-hashes \\\n    -r requirements.txt \\\n    # comment\n    && npm ci && \\\n    {bad}\n")
with open(f"{t}/gh/.github/workflows/ci.yml", "w") as f:
    f.write("on: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n")
    for i in range(1000):
        ref = "v4" if i % 100 == 0 else "b4ffde65f46336ab88eb53be808477a3936bae11"
        f.write(f"      - uses: actions/checkout@{ref}\n")
        f.write("        run: |\n")
        for k in range(5):
            f.write(f"          npm ci --prefix p{i}x{k} && echo \"${{{{ github.sha }}}}\" | tee -a log\n")
PY
t() { local best=999 s e d k; for k in 1 2 3; do s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); d=$(awk "BEGIN{print $e - $s}"); best=$(awk "BEGIN{print ($d < $best) ? $d : $best}"); done; echo "$best"; }
for what in sh df gh; do
  lines=$(cat $(find "$T/$what" -type f ! -name requirements.txt) | wc -l)
  secs=$(t "$W" scan --no-config -j1 --fail-on none -o sarif:/dev/null "$T/$what")
  n=$("$W" scan --no-config -j1 --fail-on none -o text:- "$T/$what" | tail -1)
  printf 'ci: %s (%s lines): %.3f s, %s\n' "$what" "$lines" "$secs" "$n"
done
