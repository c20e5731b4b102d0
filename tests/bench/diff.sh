#!/usr/bin/env bash
# diff.sh - the pull-request scan against the full scan: a generated git
# repository of 10,000 files (Python modules: the standard library's files,
# cycled, as real code of real sizes; requirements files with -r
# includes, pyproject manifests and locks, YAML/JSON configs, a Dockerfile
# and workflows), one Python file changed on a branch; `scan .` vs
# `scan --diff-base main .`, best of 3 each, all cores. Also --staged (blobs
# read from the object database) against the work-tree scan of the same files.
set -u
W=${WEAKLINK:?}
T=$(mktemp -d /tmp/wl-bench-diff.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME="$T" GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@b GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@b
unset GITHUB_BASE_REF CI_MERGE_REQUEST_DIFF_BASE_SHA
R="$T/repo"
mkdir -p "$R"
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib/pycorpus.sh
pycorpus_prepare >/dev/null 2>&1 || PYCORPUS=""
python3 - "$R" "$PYCORPUS" <<'PY'
import os, sys
r = sys.argv[1]
corpus = []
if sys.argv[2]:
    for d, _, fs in os.walk(sys.argv[2]):
        corpus += sorted(os.path.join(d, f) for f in fs if f.endswith(".py"))
    corpus.sort()
n = 0
def put(path, text):
    global n
    p = os.path.join(r, path)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(text)
    n += 1
body = "".join(
    f"def f{k}(x, y={k}):\n    '''Helper {k}.'''\n    total = 0\n    for i in range(x):\n"
    f"        total += i * y\n    return json.dumps({{'v': total}})\n\n" for k in range(12))
for d in range(100):
    put(f"pkg{d}/requirements.txt", f"-r ../requirements-common.txt\nnumpy==1.26.{d} --hash=sha256:{'a' * 64}\n")
    put(f"pkg{d}/pyproject.toml", f'[project]\nname = "pkg{d}"\nversion = "1.0"\ndependencies = ["numpy>=1.26"]\n')
    put(f"pkg{d}/uv.lock", f'version = 1\n\n[[package]]\nname = "numpy"\nversion = "1.26.{d}"\n'
        f'source = {{ registry = "https://pypi.org/simple" }}\nsdist = {{ url = "https://x/numpy.tar.gz", hash = "sha256:{"b" * 64}" }}\n')
    put(f"pkg{d}/conf/train.yaml", f"model:\n  name: net{d}\n  lr: 0.001\n  layers: [64, 64]\n")
    put(f"pkg{d}/conf/meta.json", f'{{"name": "pkg{d}", "version": 1, "tags": ["a", "b"]}}\n')
    for m in (range(94) if d < 99 else range(93)):
        if corpus:
            with open(corpus[(d * 94 + m) % len(corpus)], encoding="utf-8", errors="replace") as f:
                put(f"pkg{d}/mod{m}.py", f.read())
        else:
            put(f"pkg{d}/mod{m}.py", f"import json\nimport os\n\nNAME = 'pkg{d}.mod{m}'\n\n" + body)
put("requirements-common.txt", f"requests==2.31.0 --hash=sha256:{'c' * 64}\n")
put("Dockerfile", "FROM python:3.11@sha256:" + "0" * 64 + "\nCOPY requirements-common.txt .\n"
    "RUN pip install --require-hashes -r requirements-common.txt\n")
put(".github/workflows/ci.yml", "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11\n      - run: make test\n")
while n < 10000:
    put(f"docs/page{n}.md", f"# Page {n}\n\nText.\n")
PY
(cd "$R" && git init -q -b main . && git add -A && git commit -qm base && git checkout -qb change &&
  printf 'import pickle\nx = pickle.loads(b)\n' >>pkg7/mod3.py && git commit -qam change) || { echo "diff: setup failed"; exit 1; }
nfiles=$(cd "$R" && git ls-files | wc -l)

# best() command... -> "WALL CPU": the best of 3 wall times and of 3 CPU times
# (user + system, from /usr/bin/time when present), in seconds. The CPU time
# is the steadier figure on a machine that other jobs share.
best() {
  local bw="" bc="" s e c
  for _ in 1 2 3; do
    s=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -f "%U %S" -o "$T/time" "$@" >/dev/null 2>&1
      c=$(awk '{ print $1 + $2 }' "$T/time")
    else
      "$@" >/dev/null 2>&1; c=""
    fi
    e=$(date +%s.%N)
    bw=$(awk -v s="$s" -v e="$e" -v b="$bw" 'BEGIN { t = e - s; if (b == "" || t < b) b = t; printf "%.3f", b }')
    [ -n "$c" ] && bc=$(awk -v t="$c" -v b="$bc" 'BEGIN { if (b == "" || t < b) b = t; printf "%.3f", b }')
  done
  echo "$bw ${bc:-?}"
}
cd "$R" || exit 1
read -r full full_cpu < <(best "$W" scan --no-progress --fail-on none .)
read -r diff diff_cpu < <(best "$W" scan --no-progress --fail-on none --diff-base main .)
read -r staged staged_cpu < <(best "$W" scan --no-progress --fail-on none --staged .)
"$W" scan --no-progress --fail-on none . 2>/dev/null | tail -1 | sed 's/^/diff: full-scan summary: /'
"$W" scan --no-progress --fail-on none --diff-base main . 2>/dev/null | tail -1 | sed 's/^/diff: diff-scan summary: /'
kind="generated"; [ -n "$PYCORPUS" ] && kind="the standard library's files, cycled"
echo "diff: repository: $nfiles files (Python modules: $kind), 1 changed; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
echo "diff: full scan: ${full} s wall, ${full_cpu} s CPU"
echo "diff: diff scan (--diff-base main): ${diff} s wall, ${diff_cpu} s CPU"
awk -v f="$full" -v d="$diff" -v fc="$full_cpu" -v dc="$diff_cpu" 'BEGIN {
  if (f > 0) printf "diff: ratio diff/full: %.1f%% of the wall time", 100 * d / f
  if (fc > 0) printf ", %.1f%% of the CPU time", 100 * dc / fc
  print " (goal: under 5%)" }'
echo "diff: staged scan (--staged, every blob from the object database): ${staged} s wall, ${staged_cpu} s CPU (work tree: ${full} s, ${full_cpu} s CPU)"
