#!/usr/bin/env bash
# run-cases.sh BIN [CASE...] - golden end-to-end cases against one binary.
#   tests/cases/<name>/input/         the tree to scan (copied to a temp dir)
#   tests/cases/<name>/args           arguments after `scan` (default: .)
#   tests/cases/<name>/setup.sh       run in the copy first (git init, mkfifo ...)
#   tests/cases/<name>/run-as-nobody  scan as an unprivileged user (root can read anything)
#   tests/cases/<name>/source-date-epoch  the scan's clock (SOURCE_DATE_EPOCH; default 0)
#   expected.txt / expected.sarif / expected.exit / expected.stderr
#   expected.gitlab.json / expected.codequality.json   (optional)
#   expected.github.txt / expected.md   (optional: -o github, -o markdown)
#   expected.html                       (optional: -o html)
# Outputs are normalised (temp root -> /ROOT) before diffing. Each case is also
# run at -j1 and -j2 and the two SARIF files must be byte-identical.
# Prints "PASS case/<name>" or "FAIL case/<name>: why" per case.
# With UPDATE=1, rewrites the expected files instead (read the diff!).
set -u
BIN=$(realpath "$1"); shift
HERE=$(cd "$(dirname "$0")" && pwd)
# a pull-request environment would turn a root scan into a diff scan (scan --help)
unset GITHUB_BASE_REF CI_MERGE_REQUEST_DIFF_BASE_SHA
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=($(ls "$HERE/cases"))

normalise() { # file root
  sed -e "s|$2|/ROOT/|g" -e "s|${2%/}|/ROOT|g" "$1"
}

for name in "${cases[@]}"; do
  dir="$HERE/cases/$name"
  [ -d "$dir" ] || { echo "FAIL case/$name: no such case"; continue; }
  T=$(mktemp -d /tmp/wl-case.XXXXXX)
  chmod 755 "$T"
  mkdir -p "$T/root" "$T/out"
  chmod 777 "$T/out"
  [ -d "$dir/input" ] && cp -a "$dir/input/." "$T/root/"
  if [ -f "$dir/setup.sh" ]; then
    (cd "$T/root" && bash "$dir/setup.sh") >"$T/out/setup.log" 2>&1 || { echo "FAIL case/$name: setup.sh failed"; cat "$T/out/setup.log"; rm -rf "$T"; continue; }
  fi
  args="."
  [ -f "$dir/args" ] && args=$(cat "$dir/args")
  extra=()
  [ -f "$dir/expected.gitlab.json" ] || [ -n "${UPDATE_GITLAB:-}" ] && extra+=(-o "gitlab-sast:$T/out/gitlab.json")
  [ -f "$dir/expected.codequality.json" ] && extra+=(-o "codequality:$T/out/codequality.json")
  [ -f "$dir/expected.github.txt" ] && extra+=(-o "github:$T/out/github.txt")
  [ -f "$dir/expected.md" ] && extra+=(-o "markdown:$T/out/summary.md")
  [ -f "$dir/expected.html" ] && extra+=(-o "html:$T/out/report.html")
  sde=0
  [ -f "$dir/source-date-epoch" ] && sde=$(cat "$dir/source-date-epoch")
  runner=()
  if [ -f "$dir/run-as-nobody" ] && [ "$(id -u)" -eq 0 ]; then
    runner=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  fi
  why=""
  for j in 1 2; do
    # shellcheck disable=SC2086
    (cd "$T/root" && NO_COLOR=1 SOURCE_DATE_EPOCH=$sde "${runner[@]}" "$BIN" scan -j$j \
        -o "text:$T/out/out$j.txt" -o "sarif:$T/out/out$j.sarif" "${extra[@]}" $args \
        >"$T/out/stdout$j" 2>"$T/out/stderr$j"; echo $? >"$T/out/exit$j")
  done
  root="$(realpath "$T/root")/"
  if [ -f "$T/out/out1.sarif" ] && ! cmp -s "$T/out/out1.sarif" "$T/out/out2.sarif"; then
    why="SARIF differs between -j1 and -j2"
  fi
  for f in out1.txt gitlab.json codequality.json github.txt summary.md report.html stderr1; do
    [ -f "$T/out/$f" ] && normalise "$T/out/$f" "$root" >"$T/out/$f.norm"
  done
  if [ -f "$T/out/out1.sarif" ] && ! /usr/bin/python3 "$HERE/normalise-sarif.py" "$T/out/out1.sarif" "$root" \
       >"$T/out/out1.sarif.norm" 2>"$T/out/norm.err"; then
    why="SARIF: $(cat "$T/out/norm.err")"
  fi
  check() { # expected-file actual-file
    if [ -n "${UPDATE:-}" ]; then
      if [ -f "$2" ]; then cp "$2" "$dir/$1"; else rm -f "$dir/$1"; fi
      return
    fi
    if [ -f "$dir/$1" ]; then
      if [ ! -f "$2" ]; then why="${why:+$why; }$1: no output"; return; fi
      if ! diff -u "$dir/$1" "$2" >"$T/out/diff" 2>&1; then
        why="${why:+$why; }$1 differs"
        head -40 "$T/out/diff" | sed 's/^/    /'
      fi
    fi
  }
  if [ -n "${UPDATE:-}" ]; then
    cp "$T/out/exit1" "$dir/expected.exit"
    check expected.txt "$T/out/out1.txt.norm"
    check expected.sarif "$T/out/out1.sarif.norm"
    [ -s "$T/out/stderr1" ] && cp "$T/out/stderr1.norm" "$dir/expected.stderr" || rm -f "$dir/expected.stderr"
    [ -f "$T/out/gitlab.json.norm" ] && cp "$T/out/gitlab.json.norm" "$dir/expected.gitlab.json"
    [ -f "$T/out/codequality.json.norm" ] && cp "$T/out/codequality.json.norm" "$dir/expected.codequality.json"
    [ -f "$T/out/github.txt.norm" ] && cp "$T/out/github.txt.norm" "$dir/expected.github.txt"
    [ -f "$T/out/summary.md.norm" ] && cp "$T/out/summary.md.norm" "$dir/expected.md"
    [ -f "$T/out/report.html.norm" ] && cp "$T/out/report.html.norm" "$dir/expected.html"
    echo "UPDATED case/$name (exit $(cat "$T/out/exit1"))"
    rm -rf "$T"; continue
  fi
  if [ -f "$dir/expected.exit" ] && [ "$(cat "$dir/expected.exit")" != "$(cat "$T/out/exit1")" ]; then
    why="${why:+$why; }exit $(cat "$T/out/exit1"), expected $(cat "$dir/expected.exit")"
  fi
  check expected.txt "$T/out/out1.txt.norm"
  check expected.sarif "$T/out/out1.sarif.norm"
  check expected.gitlab.json "$T/out/gitlab.json.norm"
  check expected.codequality.json "$T/out/codequality.json.norm"
  check expected.github.txt "$T/out/github.txt.norm"
  check expected.md "$T/out/summary.md.norm"
  check expected.html "$T/out/report.html.norm"
  if [ -f "$dir/expected.stderr" ]; then
    check expected.stderr "$T/out/stderr1.norm"
  elif [ -s "$T/out/stderr1" ]; then
    why="${why:+$why; }unexpected stderr: $(head -c 300 "$T/out/stderr1")"
  fi
  if [ -z "$why" ]; then echo "PASS case/$name"; else echo "FAIL case/$name: $why"; fi
  chmod -R u+rwX "$T" 2>/dev/null; rm -rf "$T"
done
