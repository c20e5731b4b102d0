#!/usr/bin/env bash
# pre-commit.sh [BIN] - weaklink's pre-commit hooks under Debian's real
# pre-commit (3.0.4), the way another repository uses them: a throw-away repo
# whose .pre-commit-config.yaml points `repo:` at a file:// clone of this
# checkout at its HEAD commit (commit your changes first: pre-commit clones
# the commit, not the work tree), with no weaklink on PATH.
#  - a commit adding pickle.loads is refused; a clean one passes;
#  - a stub `weaklink` on PATH that exits 0 changes nothing;
#  - weaklink-system uses the installed binary, and says so when there is none;
#  - the warm hook is timed (goal: under 0.3 s on a small commit).
# The first run builds weaklink into pre-commit's cache (a minute or more);
# PRE_COMMIT_HOME defaults to build/pre-commit-home so that later runs at the
# same HEAD reuse that build. Never uses the network: the grammars come from
# this checkout's node_modules (WEAKLINK_NODE_MODULES).
set -u
cd "$(dirname "$0")/../.."
ROOT=$(pwd -P)
if [ ! -x /usr/bin/pre-commit ] && ! command -v pre-commit >/dev/null 2>&1; then
  echo "SKIP pre-commit: pre-commit is not installed (apt-get install pre-commit)"
  exit 0
fi
PC=$(command -v pre-commit || echo /usr/bin/pre-commit)
if [ ! -e "$ROOT/node_modules/.weaklink-lock.sha256" ]; then
  echo "FAIL pre-commit/setup: no node_modules here (make deps) - the hook build would need the network"; exit 0
fi
rev=$(git -C "$ROOT" rev-parse HEAD)
[ -z "$(git -C "$ROOT" status --porcelain -- .pre-commit-hooks.yaml scripts/pre-commit-hook.sh)" ] ||
  echo "note: .pre-commit-hooks.yaml or scripts/pre-commit-hook.sh differ from HEAD; the committed ones are tested"

export PRE_COMMIT_HOME=${PRE_COMMIT_HOME:-$ROOT/build/pre-commit-home}
export WEAKLINK_NODE_MODULES
WEAKLINK_NODE_MODULES=$(readlink -f "$ROOT/node_modules")
export PRE_COMMIT_COLOR=never GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid \
  GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
T=$(mktemp -d /tmp/wl-pre-commit.XXXXXX)
trap 'rm -rf "$T"' EXIT
# A PATH with git, make and a compiler but no weaklink.
mkdir "$T/bin" "$T/stub"
BASEPATH=$T/bin:/usr/sbin:/usr/bin:/sbin:/bin
ln -s "$PC" "$T/bin/pre-commit"
if PATH=$BASEPATH command -v weaklink >/dev/null; then
  echo "FAIL pre-commit/setup: a weaklink is on $BASEPATH"; exit 0
fi
printf '#!/bin/sh\nexit 0\n' >"$T/stub/weaklink"; chmod +x "$T/stub/weaklink"

repo=$T/repo
git init -q "$repo"
cat >"$repo/.pre-commit-config.yaml" <<YAML
repos:
  - repo: file://$ROOT
    rev: $rev
    hooks:
      - id: weaklink
YAML
(cd "$repo" && git add .pre-commit-config.yaml && git commit -qm config --no-verify &&
 PATH=$BASEPATH pre-commit install >/dev/null && PATH=$BASEPATH pre-commit install-hooks >/dev/null) ||
  { echo "FAIL pre-commit/setup: pre-commit install"; exit 0; }

# pre-commit's clone of this rev; clones of older revs of this checkout go.
clone=$(/usr/bin/python3 - "$PRE_COMMIT_HOME/db.db" "file://$ROOT" "$rev" <<'PY'
import shutil, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for repo, ref, path in db.execute("SELECT repo, ref, path FROM repos WHERE repo = ?", (sys.argv[2],)).fetchall():
    if ref == sys.argv[3]:
        print(path)
    else:
        shutil.rmtree(path, ignore_errors=True)
        db.execute("DELETE FROM repos WHERE repo = ? AND ref = ?", (repo, ref))
db.commit()
PY
)
# Reuse what can be reused of this checkout's build: the grammar objects
# depend only on node_modules (same package-lock.json), never on our sources.
if [ -n "$clone" ] && [ ! -x "$clone/build/hook/weaklink" ] && cmp -s "$clone/package-lock.json" "$ROOT/package-lock.json" &&
   ls "$ROOT"/build/grammars/*.o >/dev/null 2>&1; then
  mkdir -p "$clone/build/grammars" && cp "$ROOT"/build/grammars/*.o "$clone/build/grammars/"
  echo "note: grammar objects reused from build/grammars"
fi

commit() { # commit FILE CONTENT [PATH] -> exit status of git commit; output in $T/out
  local p=${3:-$BASEPATH}
  (cd "$repo" && printf '%b' "$2" >"$1" && git add "$1" && PATH=$p timeout 1200 git commit -qm "add $1") >"$T/out" 2>&1
}

# 1. cold: builds weaklink inside pre-commit's clone, then refuses the commit
t0=$(date +%s)
if commit bad.py 'import pickle\nobj = pickle.loads(blob)\n'; then
  echo "FAIL pre-commit/pickle-refused: the commit went through"; sed 's/^/    /' "$T/out" | tail -20
else
  if grep -q WL203 "$T/out"; then echo "PASS pre-commit/pickle-refused (first run $(( $(date +%s) - t0 )) s, build included)"
  else echo "FAIL pre-commit/pickle-refused: refused without a WL203 finding"; sed 's/^/    /' "$T/out" | tail -20; fi
fi
(cd "$repo" && git rm -q --cached bad.py && rm -f bad.py)

# 2. a clean commit passes
if commit clean.py 'x = 1\n'; then echo "PASS pre-commit/clean-passes"
else echo "FAIL pre-commit/clean-passes"; sed 's/^/    /' "$T/out" | tail -20; fi

# 3. a stub weaklink first on PATH changes nothing
if commit bad2.py 'import pickle\nobj = pickle.loads(blob)\n' "$T/stub:$BASEPATH"; then
  echo "FAIL pre-commit/stub-on-path-ignored: the stub let the commit through"
else
  grep -q WL203 "$T/out" && echo "PASS pre-commit/stub-on-path-ignored" ||
    { echo "FAIL pre-commit/stub-on-path-ignored: no WL203"; sed 's/^/    /' "$T/out" | tail -10; }
fi
(cd "$repo" && git rm -q --cached bad2.py && rm -f bad2.py)

# 4. the repository's config decides the gate (no hard-coded --fail-on)
printf '[scan]\nfail_on = "error"\n' >"$repo/.weaklink.toml"
(cd "$repo" && git add .weaklink.toml && git commit -qm cfg --no-verify)
if commit warn.py 'import pickle\nobj = pickle.loads(blob)\n'; then echo "PASS pre-commit/config-fail-on-honoured"
else echo "FAIL pre-commit/config-fail-on-honoured: fail_on = \"error\" did not let a warning through"; sed 's/^/    /' "$T/out" | tail -10; fi
(cd "$repo" && git rm -q .weaklink.toml && git commit -qm nocfg --no-verify)

# 5. weaklink-system: the binary on PATH, and a clear message without one
cached=$clone/build/hook/weaklink
sed -i 's/id: weaklink$/id: weaklink-system/' "$repo/.pre-commit-config.yaml"
(cd "$repo" && git add .pre-commit-config.yaml && git commit -qm system --no-verify)
if commit sys.py 'import pickle\nobj = pickle.loads(blob)\n'; then
  echo "FAIL pre-commit/system-without-binary: passed"
else
  grep -q "no weaklink on PATH" "$T/out" && echo "PASS pre-commit/system-without-binary" ||
    { echo "FAIL pre-commit/system-without-binary: no clear message"; sed 's/^/    /' "$T/out" | tail -10; }
fi
if [ -x "$cached" ]; then
  mkdir "$T/inst" && ln -s "$cached" "$T/inst/weaklink"
  if commit sys.py 'import pickle\nobj = pickle.loads(blob)\n' "$T/inst:$BASEPATH"; then
    echo "FAIL pre-commit/system-uses-installed: passed"
  else
    grep -q WL203 "$T/out" && echo "PASS pre-commit/system-uses-installed" || echo "FAIL pre-commit/system-uses-installed: no WL203"
  fi
  (cd "$repo" && git rm -q --cached sys.py && rm -f sys.py)
fi
sed -i 's/id: weaklink-system$/id: weaklink/' "$repo/.pre-commit-config.yaml"
(cd "$repo" && git add .pre-commit-config.yaml && git commit -qm back --no-verify)

# 6. warm timings on a one-file commit: the hook alone (script + weaklink, as
# pre-commit runs it) and the whole `git commit` (pre-commit's own start-up
# included). Best of 3.
hook=$clone/scripts/pre-commit-hook.sh
best() { sort -n | head -1; }
for i in 1 2 3; do
  printf 'y = %d\n' "$i" >"$repo/small.py"; (cd "$repo" && git add small.py)
  s=$(date +%s%N); (cd "$repo" && PATH=$BASEPATH "$hook" small.py >/dev/null 2>&1); e=$(date +%s%N)
  echo $(( (e - s) / 1000000 ))
done | best >"$T/hook_ms"
for i in 4 5 6; do
  printf 'y = %d\n' "$i" >"$repo/small.py"
  s=$(date +%s%N); commit small.py "y = $i\n"; e=$(date +%s%N)
  echo $(( (e - s) / 1000000 ))
done | best >"$T/commit_ms"
hook_ms=$(cat "$T/hook_ms"); commit_ms=$(cat "$T/commit_ms")
echo "timing: warm hook ${hook_ms} ms; whole git commit with pre-commit ${commit_ms} ms"
if [ "$hook_ms" -lt 300 ]; then echo "PASS pre-commit/warm-hook-under-300ms (${hook_ms} ms; git commit ${commit_ms} ms)"
else echo "FAIL pre-commit/warm-hook-under-300ms: ${hook_ms} ms"; fi
