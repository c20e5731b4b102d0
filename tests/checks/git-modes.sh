#!/usr/bin/env bash
# git-modes.sh BIN - the git-aware ways to choose what a scan reads, on
# throw-away repositories: --diff-base (renames, -r includes, a manifest and
# its lock, a Dockerfile's requirements), --new-only, the pull-request
# environment, --staged (index content, a manifest named alone against its
# lock in the index), --rev on a bare repository; and the configuration:
# [tool.weaklink] in pyproject.toml, both present, config check, init,
# --force-exclude.
set -u
W=$(realpath "$1")
T=$(mktemp -d /tmp/wl-gitmodes.XXXXXX)
trap 'rm -rf "$T"' EXIT
ok() { echo "PASS git-modes/$1"; }
ko() { echo "FAIL git-modes/$1: $2"; }
export GIT_CONFIG_NOSYSTEM=1 HOME="$T" GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
unset GITHUB_BASE_REF CI_MERGE_REQUEST_DIFF_BASE_SHA
S=(scan --no-config --no-progress --color never)
has() { grep -q -- "$2" "$1"; }          # file pattern
findings() { grep -E '^  [0-9]+:[0-9]+ ' "$1" | wc -l; }

# ---- a repository with cross-file verdicts
R="$T/repo"; mkdir "$R"; cd "$R" || exit 1
git init -q -b main .
printf 'requests==2.31.0 --hash=sha256:aaaa\n' >requirements-base.txt
printf -- '-r requirements-base.txt\nnumpy==1.26.0 --hash=sha256:bbbb\n' >requirements.txt
printf 'import os\nprint(os.name)\n' >app.py
printf 'print(1)\n' >other.py
mkdir uv
printf '[project]\nname = "x"\nversion = "1"\ndependencies = ["requests>=2", "pandas>=2"]\n' >uv/pyproject.toml
printf 'version = 1\n\n[[package]]\nname = "requests"\nversion = "2.31.0"\nsource = { registry = "https://pypi.org/simple" }\n' >uv/uv.lock
printf 'FROM python:3.11@sha256:%064d\nCOPY requirements-base.txt .\nRUN pip install --require-hashes -r requirements-base.txt\n' 0 >Dockerfile
git add -A && git commit -qm base && git tag v0
git checkout -qb feature
printf 'requests>=2\n' >requirements-base.txt                     # the include changes
git mv app.py app2.py && printf 'import os\nprint(os.name)\nimport pickle\nd = pickle.loads(b)\n' >app2.py
git add -A && git commit -qm change

"$W" "${S[@]}" . >"$T/full.txt" 2>&1
"$W" "${S[@]}" --diff-base main . >"$T/diff.txt" 2>"$T/diff.err"; rc=$?
[ $rc -eq 1 ] && ok diff-exit || ko diff-exit "exit $rc"
has "$T/diff.err" "merge base of main and HEAD: 2 changed files" && ok diff-says-base || ko diff-says-base "$(cat "$T/diff.err")"
has "$T/diff.txt" "app2.py" && has "$T/diff.txt" "4:5 .*WL203" && ok diff-rename-followed || ko diff-rename-followed "$(cat "$T/diff.txt")"
has "$T/diff.txt" "requirements-base.txt" && ok diff-changed-include || ko diff-changed-include "no finding on the changed file"
# the Dockerfile did not change, but what it installs did: its verdict is reported
has "$T/diff.txt" "WL507" && ok diff-dockerfile-dependent || ko diff-dependent "$(cat "$T/diff.txt")"
# the stale lock of uv/ predates the change and does not depend on it: not reported
has "$T/full.txt" "uv/pyproject.toml" && ! has "$T/diff.txt" "uv/pyproject.toml" && ok diff-unrelated-left-out ||
  ko diff-unrelated-left-out "$(cat "$T/diff.txt")"
has "$T/diff.txt" "2 files scanned" && ok diff-counts-changed-files || ko diff-counts-changed-files "$(tail -1 "$T/diff.txt")"
# a lock that changes brings its manifest's verdict along
git checkout -q main && git checkout -qb lockchange
printf 'version = 1\n\n[[package]]\nname = "requests"\nversion = "2.32.0"\nsource = { registry = "https://pypi.org/simple" }\n' >uv/uv.lock
git commit -qam lock
"$W" "${S[@]}" --diff-base main . >"$T/lock.txt" 2>&1
has "$T/lock.txt" "uv/pyproject.toml" && has "$T/lock.txt" "pandas" && ok diff-lock-brings-manifest ||
  ko diff-lock-brings-manifest "$(cat "$T/lock.txt")"
git checkout -q feature

# --new-only: the pickle on an added line stays; the unpinned include (changed) stays;
# the Dockerfile (no changed line) goes
"$W" "${S[@]}" --diff-base main --new-only . >"$T/new.txt" 2>&1
has "$T/new.txt" "WL203" && has "$T/new.txt" "requirements-base.txt" && ! has "$T/new.txt" "WL507" && ok new-only-lines ||
  ko new-only-lines "$(cat "$T/new.txt")"
# an old finding on an unchanged line of a changed file goes
printf 'import pickle\nx = pickle.loads(a)\n' >old.py && git add old.py && git commit -qm old -q
git checkout -q main && git merge -q --no-edit feature >/dev/null && git checkout -qb more
printf 'import pickle\nx = pickle.loads(a)\ny = eval(s)\n' >old.py && git commit -qam more
"$W" "${S[@]}" --diff-base main --new-only . >"$T/new2.txt" 2>&1
has "$T/new2.txt" "3:5 .*eval\|3:[0-9]* .*WL20" && ! has "$T/new2.txt" "2:5 " && ok new-only-old-line-dropped ||
  ko new-only-old-line-dropped "$(cat "$T/new2.txt")"
"$W" "${S[@]}" --new-only . >/dev/null 2>&1; [ $? -eq 2 ] && ok new-only-needs-base || ko new-only-needs-base "accepted"
# an untracked file in a named folder is part of the change
mkdir -p fresh && printf 'import pickle\npickle.loads(b)\n' >fresh/new.py
"$W" "${S[@]}" --diff-base main fresh >"$T/untracked.txt" 2>&1
has "$T/untracked.txt" "fresh/new.py" && ok diff-untracked-in-named-folder || ko diff-untracked-in-named-folder "$(cat "$T/untracked.txt")"
rm -rf fresh
"$W" "${S[@]}" --diff-base main --shard 1/2 . >/dev/null 2>&1; [ $? -eq 2 ] && ok diff-shard-refused || ko diff-shard-refused "accepted"

# the pull-request environment: automatic at the root, said on stderr, not for a named folder
GITHUB_BASE_REF=main "$W" "${S[@]}" . >"$T/gh.txt" 2>"$T/gh.err"
has "$T/gh.err" "(GITHUB_BASE_REF)" && has "$T/gh.txt" "1 file scanned" && ok env-github-base-ref || ko env-github-base-ref "$(cat "$T/gh.err" "$T/gh.txt")"
CI_MERGE_REQUEST_DIFF_BASE_SHA=$(git rev-parse main) "$W" "${S[@]}" . >"$T/gl.txt" 2>"$T/gl.err"
has "$T/gl.err" "(CI_MERGE_REQUEST_DIFF_BASE_SHA)" && ok env-gitlab-diff-base || ko env-gitlab-diff-base "$(cat "$T/gl.err")"
GITHUB_BASE_REF=main "$W" "${S[@]}" --full-scan . >"$T/fs.txt" 2>"$T/fs.err"
! has "$T/fs.err" "merge base" && ok env-full-scan-wins || ko env-full-scan-wins "$(cat "$T/fs.err")"
GITHUB_BASE_REF=nosuch "$W" "${S[@]}" . >"$T/ns.txt" 2>"$T/ns.err"
has "$T/ns.err" "scanning everything" && ok env-unknown-base-full-scan || ko env-unknown-base-full-scan "$(cat "$T/ns.err")"
"$W" "${S[@]}" --diff-base nosuch . >/dev/null 2>&1; [ $? -eq 2 ] && ok diff-base-unknown-is-error || ko diff-base-unknown-is-error "accepted"

# a baseline with a diff scan: a file not scanned has no "absent" results
B="$T/bl"; mkdir "$B"
(cd "$B" && git init -q -b main . && printf 'import pickle\npickle.loads(x)\n' >a.py &&
  printf 'eval(s)\n' >b.py && git add -A && git commit -qm a && "$W" baseline --no-config -o "$T/bl.sarif" . 2>/dev/null &&
  git checkout -qb ch && printf 'import yaml\nyaml.load(s)\n' >a.py && git commit -qam ch &&
  "$W" "${S[@]}" --diff-base main --baseline "$T/bl.sarif" -o sarif:"$T/bld.sarif" . >/dev/null 2>&1)
/usr/bin/python3 - "$T/bld.sarif" <<'PY' && ok diff-baseline-scope || ko diff-baseline-scope "wrong baselineState set"
import json, sys
rs = json.load(open(sys.argv[1]))["runs"][0]["results"]
st = sorted((r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"], r["baselineState"]) for r in rs)
assert [s[0] for s in st] == ["a.py", "a.py"], st          # nothing about b.py: it was not scanned
assert sorted(s[2] for s in st) == ["absent", "new"], st
PY

# ---- --staged: the index, not the work tree
printf 'import yaml\nyaml.load(s)\n' >staged.py && git add staged.py && printf 'print(1)\n' >staged.py
"$W" "${S[@]}" staged.py >"$T/wt.txt" 2>&1
"$W" "${S[@]}" --staged staged.py >"$T/st.txt" 2>&1; rc=$?
! has "$T/wt.txt" WL206 && has "$T/st.txt" WL206 && [ $rc -eq 1 ] && ok staged-reads-index || ko staged-reads-index "$(cat "$T/st.txt")"
has "$T/st.txt" "1 file scanned" && ok staged-file-args-restrict || ko staged-file-args-restrict "$(tail -1 "$T/st.txt")"
"$W" "${S[@]}" --staged --new-only >"$T/stn.txt" 2>&1
has "$T/stn.txt" "staged.py" && [ "$(findings "$T/stn.txt")" -eq 1 ] && ok staged-new-only || ko staged-new-only "$(cat "$T/stn.txt")"
git reset -q staged.py
"$W" "${S[@]}" --staged staged.py >"$T/unstaged.txt" 2>&1
has "$T/unstaged.txt" "not in the git index" && ok staged-names-unstaged-file || ko staged-names-unstaged-file "$(cat "$T/unstaged.txt")"
rm staged.py
# a manifest named alone: judged against its lock in the index (no false "no lock file")
"$W" "${S[@]}" uv/pyproject.toml >"$T/alone.txt" 2>&1
"$W" "${S[@]}" --staged uv/pyproject.toml >"$T/alone-st.txt" 2>&1
! has "$T/alone-st.txt" WL113 && has "$T/alone-st.txt" "WL112.*pandas" && ok staged-manifest-alone-sees-lock ||
  ko staged-manifest-alone-sees-lock "$(cat "$T/alone-st.txt")"
! has "$T/alone-st.txt" "uv/uv.lock" && ok staged-lock-not-reported || ko staged-lock-not-reported "the lock was reported"

# the first commit: no HEAD yet, everything staged is new
F="$T/first"; mkdir "$F"
(cd "$F" && git init -q . && printf 'import pickle\npickle.loads(b)\n' >a.py && git add a.py &&
  "$W" "${S[@]}" --staged --new-only) >"$T/first.txt" 2>&1
has "$T/first.txt" "a.py" && has "$T/first.txt" WL203 && ok staged-new-only-first-commit || ko staged-new-only-first-commit "$(cat "$T/first.txt")"

# ---- --rev on a bare repository
git clone -q --bare "$R" "$T/bare.git"
"$W" "${S[@]}" "$T/bare.git" >/dev/null 2>"$T/bare.err"; rc=$?
[ $rc -eq 2 ] && has "$T/bare.err" "use --rev" && ok bare-needs-rev || ko bare-needs-rev "exit $rc"
"$W" "${S[@]}" --rev feature -o sarif:"$T/rev.sarif" -o text:"$T/rev.txt" "$T/bare.git" 2>"$T/rev.err"; rc=$?
[ $rc -eq 1 ] && has "$T/rev.txt" "app2.py" && has "$T/rev.sarif" "\"revisionId\":.*$(git rev-parse feature)" &&
  ok rev-on-bare || ko rev-on-bare "exit $rc: $(cat "$T/rev.err" "$T/rev.txt")"
(cd "$R" && "$W" "${S[@]}" --rev v0 .) >"$T/rev-main.txt" 2>&1
! has "$T/rev-main.txt" "app2.py" && has "$T/rev-main.txt" "7 files scanned" && ok rev-is-the-commit || ko rev-is-the-commit "$(cat "$T/rev-main.txt")"
"$W" "${S[@]}" --rev nosuch "$T/bare.git" >/dev/null 2>&1; [ $? -eq 2 ] && ok rev-unknown-is-error || ko rev-unknown-is-error "accepted"
"$W" "${S[@]}" --diff-base v0 --rev feature "$T/bare.git" >"$T/revdiff.txt" 2>&1
has "$T/revdiff.txt" "app2.py" && ! has "$T/revdiff.txt" "other.py" && ok rev-with-diff-base || ko rev-with-diff-base "$(cat "$T/revdiff.txt")"

# ---- configuration
C="$T/cfg"; mkdir "$C"; cd "$C" || exit 1
git init -q .
printf 'import pickle\npickle.loads(x)\n' >a.py; mkdir vendor; cp a.py vendor/b.py
printf '[project]\nname = "x"\n\n[tool.black]\nline-length = 100\n\n[tool.weaklink.scan]\nexclude = ["vendor/**"]\n' >pyproject.toml
git add -A
"$W" scan --no-progress . >"$T/py.txt" 2>&1
! has "$T/py.txt" vendor/b.py && has "$T/py.txt" "a.py" && ok pyproject-tool-weaklink || ko pyproject-tool-weaklink "$(cat "$T/py.txt")"
"$W" scan --no-progress vendor/b.py >"$T/named.txt" 2>&1
"$W" scan --no-progress --force-exclude vendor/b.py >"$T/fe.txt" 2>&1
has "$T/named.txt" "vendor/b.py" && ! has "$T/fe.txt" "vendor/b.py" && ok force-exclude || ko force-exclude "$(cat "$T/fe.txt")"
"$W" scan --no-progress --staged --force-exclude vendor/b.py a.py >"$T/fes.txt" 2>&1
! has "$T/fes.txt" "vendor/b.py" && has "$T/fes.txt" "a.py" && ok force-exclude-staged || ko force-exclude-staged "$(cat "$T/fes.txt")"
"$W" config check >"$T/cc.txt" 2>&1; rc=$?
[ $rc -eq 0 ] && has "$T/cc.txt" "pyproject.toml is valid" && has "$T/cc.txt" 'exclude = \["vendor/\*\*"\]' &&
  has "$T/cc.txt" "# fail_on: not set" && ok config-check-prints || ko config-check-prints "$(cat "$T/cc.txt")"
printf '[scan]\nfail_on = "error"\n' >.weaklink.toml
"$W" scan . >/dev/null 2>"$T/both.err"; rc=$?
[ $rc -eq 2 ] && has "$T/both.err" ".weaklink.toml and \[tool.weaklink\] in .*pyproject.toml" && ok both-configs-error ||
  ko both-configs-error "exit $rc: $(cat "$T/both.err")"
"$W" config check --config .weaklink.toml >"$T/cc2.txt" 2>&1
has "$T/cc2.txt" 'fail_on = "error"' && ok config-explicit-wins || ko config-explicit-wins "$(cat "$T/cc2.txt")"
rm .weaklink.toml
printf '[project]\nname = "x"\n[tool.weaklink.scan]\nfail_on = "sometimes"\n' >pyproject.toml
"$W" config check >/dev/null 2>"$T/bad.err"; rc=$?
[ $rc -eq 2 ] && has "$T/bad.err" "pyproject.toml:4: \[tool.weaklink.scan\] fail_on wants" && ok config-check-error-line ||
  ko config-check-error-line "exit $rc: $(cat "$T/bad.err")"
printf '[project]\nname = "x"\n' >pyproject.toml
"$W" init >/dev/null 2>"$T/init.err"; rc=$?
[ $rc -eq 0 ] && [ -f .weaklink.toml ] && "$W" config check >/dev/null 2>&1 && ok init-writes-valid-config ||
  ko init-writes-valid-config "exit $rc: $(cat "$T/init.err")"
grep -q '^# exclude = \[\]' .weaklink.toml && grep -q '^\[artifact\]' .weaklink.toml && ok init-lists-schema ||
  ko init-lists-schema "$(head -20 .weaklink.toml)"
cp .weaklink.toml "$T/before"; "$W" init >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && cmp -s .weaklink.toml "$T/before" && ok init-refuses-overwrite || ko init-refuses-overwrite "exit $rc"
