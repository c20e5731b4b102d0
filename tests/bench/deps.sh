#!/usr/bin/env bash
# deps.sh - dependency scanning at scale: a 10,000-line requirements file
# (every line pinned and hashed, so the cost is parsing and judging, not
# writing findings) and ~5 MB lock files (uv.lock, poetry.lock, Pipfile.lock),
# each scanned alone at -j1. Prints "deps: <what>: <seconds> s".
set -u
W=${WEAKLINK:?}
T=$(mktemp -d /tmp/wl-bench-deps.XXXXXX)
trap 'rm -rf "$T"' EXIT
python3 - "$T" <<'PY'
import hashlib, json, os, sys
d = sys.argv[1]
def h(s): return hashlib.sha256(s.encode()).hexdigest()
with open(os.path.join(d, "requirements.txt"), "w") as f:
    for i in range(5000):  # 2 physical lines each: 10,000 lines
        f.write(f"bench-pkg-{i:05d}==1.{i}.0 \\\n    --hash=sha256:{h(str(i))}\n")
def uv(path, target):
    with open(path, "w") as f:
        f.write('version = 1\nrevision = 2\nrequires-python = ">=3.10"\n')
        i = 0
        while f.tell() < target:
            n = f"bench-pkg-{i:05d}"
            f.write(f'\n[[package]]\nname = "{n}"\nversion = "1.{i}.0"\nsource = {{ registry = "https://pypi.org/simple" }}\n')
            f.write(f'dependencies = [\n    {{ name = "bench-pkg-{(i + 1):05d}" }},\n]\n')
            f.write(f'sdist = {{ url = "https://files.pythonhosted.org/packages/ab/cd/{n}-1.{i}.0.tar.gz", hash = "sha256:{h(n)}", size = 1000 }}\n')
            f.write('wheels = [\n' + ''.join(f'    {{ url = "https://files.pythonhosted.org/packages/ab/cd/{n}-1.{i}.0-cp3{k}-none-any.whl", hash = "sha256:{h(n + str(k))}", size = 900 }},\n' for k in range(3)) + ']\n')
            i += 1
def poetry(path, target):
    with open(path, "w") as f:
        i = 0
        while f.tell() < target:
            n = f"bench-pkg-{i:05d}"
            f.write(f'\n[[package]]\nname = "{n}"\nversion = "1.{i}.0"\ndescription = "bench"\noptional = false\npython-versions = ">=3.8"\nfiles = [\n')
            f.write(''.join(f'    {{file = "{n}-1.{i}.0-{k}.whl", hash = "sha256:{h(n + str(k))}"}},\n' for k in range(3)) + ']\n')
            i += 1
        f.write('\n[metadata]\nlock-version = "2.0"\npython-versions = "^3.10"\ncontent-hash = "00"\n')
def pipenv(path, target):
    default, i, size = {}, 0, 0
    while size < target:
        n = f"bench-pkg-{i:05d}"
        default[n] = {"hashes": [f"sha256:{h(n + str(k))}" for k in range(3)], "index": "pypi", "version": f"==1.{i}.0"}
        size += 330
        i += 1
    with open(path, "w") as f:
        json.dump({"_meta": {"hash": {"sha256": "00"}, "pipfile-spec": 6, "requires": {}, "sources": []}, "default": default, "develop": {}}, f, indent=4)
target = 5 * 1024 * 1024
os.makedirs(os.path.join(d, "uv")); uv(os.path.join(d, "uv", "uv.lock"), target)
os.makedirs(os.path.join(d, "poetry")); poetry(os.path.join(d, "poetry", "poetry.lock"), target)
os.makedirs(os.path.join(d, "pipenv")); pipenv(os.path.join(d, "pipenv", "Pipfile.lock"), target)
PY
# wall and CPU (user+sys) seconds; the machine may be shared, so CPU time is
# the figure that says what the scan costs
t() { local TIMEFORMAT='%R %U %S' out; out=$( { time "$@" >/dev/null 2>&1; } 2>&1 ); echo "$out"; }
best() { # best of 3 runs: "wall cpu"
  local bw=999 bc=999 w u s i
  for i in 1 2 3; do
    read -r w u s < <(t "$@")
    bw=$(awk "BEGIN{print ($w < $bw) ? $w : $bw}")
    bc=$(awk "BEGIN{c = $u + $s; print (c < $bc) ? c : $bc}")
  done
  printf '%.3f s wall, %.3f s cpu' "$bw" "$bc"
}
run() { "$W" scan --no-config -j1 --fail-on none -o sarif:/dev/null "$1"; }
mib() { awk "BEGIN{printf \"%.1f\", $(stat -c %s "$1") / 1048576}"; }
printf 'deps: requirements.txt, %s lines, pinned+hashed: %s\n' "$(wc -l < "$T/requirements.txt")" "$(best run "$T/requirements.txt")"
for f in uv/uv.lock poetry/poetry.lock pipenv/Pipfile.lock; do
  printf 'deps: %s, %s MiB: %s\n' "$(basename "$f")" "$(mib "$T/$f")" "$(best run "$T/$f")"
done
