#!/usr/bin/env bash
# deps.sh - install what weaklink needs, and nothing else. Two sets:
#   build  what building needs: compiler, pkg-config, the -dev libraries,
#          Node.js/npm and the pinned tree-sitter grammars (package.json
#          "dependencies"). `make`, `make scan`, `make install` use this set.
#   test   build + what the tests need: clang and its sanitizer runtimes,
#          cmocka, python3-jsonschema, bandit, man-db, pre-commit (the hook's
#          real-pre-commit test), the SARIF Multitool and Ruff's WASM build
#          (package.json "devDependencies"). `make test`, `bench`, `fuzz`.
#
#   scripts/deps.sh [build|test] [all|apt|npm]   (default: test all)
#   scripts/deps.sh apt | npm                     (= build apt | build npm)
#
# Debian packages are installed with apt-get when we are root; otherwise the
# exact command is printed and we stop. npm packages come from the committed
# package-lock.json with `npm ci --ignore-scripts` (integrity-checked, no
# install scripts run; --omit=dev for the build set). Nothing else is
# downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_BUILD=(build-essential pkg-config
  libgit2-dev libpcre2-dev libcjson-dev libtree-sitter-dev
  zlib1g-dev liblzma-dev libbz2-dev libssl-dev)
APT_TEST=(clang libclang-rt-14-dev libcmocka-dev
  python3 python3-jsonschema bandit man-db pre-commit)
# Node.js: any install that provides `npm` will do (the machine may carry
# NodeSource's nodejs, which bundles npm and conflicts with Debian's npm).
command -v npm >/dev/null 2>&1 || APT_BUILD+=(nodejs npm)

STAMP=node_modules/.weaklink-lock.sha256
GRAMMARS=(tree-sitter-python @tree-sitter-grammars/tree-sitter-toml
  @tree-sitter-grammars/tree-sitter-yaml tree-sitter-bash tree-sitter-json tree-sitter-javascript
  tree-sitter-typescript/typescript tree-sitter-typescript/tsx)
MULTITOOL=node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool

apt_missing() {
  local p missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  echo "${missing[@]:-}"
}

do_apt() { # do_apt PACKAGE...
  local missing
  missing=$(apt_missing "$@")
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "deps: installing Debian packages: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "deps: missing Debian packages. Run:" >&2
    echo "  sudo apt-get install -y $missing" >&2
    exit 1
  fi
}

npm_have() { # npm_have build|test: is that set installed from this lock?
  local g want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] || return 1
  for g in "${GRAMMARS[@]}"; do [ -f "node_modules/$g/src/parser.c" ] || return 1; done
  [ "$1" = build ] || [ -x "$MULTITOOL" ]
}

do_npm() { # do_npm build|test
  local want keep=""
  npm_have "$1" && return 0
  command -v npm >/dev/null || { echo "deps: npm is missing (scripts/deps.sh $1 apt)" >&2; exit 1; }
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  # The stamp holds the sha256 of the package-lock.json that was installed;
  # the grammar objects depend on it. Adding the test set to an install of
  # the same lock keeps its mtime, so the grammars are not recompiled.
  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
    keep=$(mktemp)
    cp -p "$STAMP" "$keep"
  fi
  if [ "$1" = build ]; then
    echo "deps: npm ci --omit=dev --ignore-scripts (pinned tree-sitter grammars)"
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
  else
    echo "deps: npm ci --ignore-scripts (pinned grammars and SARIF Multitool)"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    chmod +x "$MULTITOOL"
  fi
  if [ -n "$keep" ]; then
    mv "$keep" "$STAMP"
  else
    echo "$want" >"$STAMP"
  fi
}

# make may run two of us at once (build and test stamps, -j): one at a time.
# The lock is on this script (read-only: under sudo we create no file).
exec 9<scripts/deps.sh
flock 9

set_=test what=all
case "${1:-}" in
  build | test) set_=$1; what=${2:-all} ;;
  apt | npm) set_=build; what=$1 ;;
  all | "") ;;
  *) echo "usage: $0 [build|test] [all|apt|npm]" >&2; exit 2 ;;
esac
case "$what" in all | apt | npm) ;; *) echo "usage: $0 [build|test] [all|apt|npm]" >&2; exit 2 ;; esac

if [ "$what" != npm ]; then
  if [ "$set_" = build ]; then do_apt "${APT_BUILD[@]}"; else do_apt "${APT_BUILD[@]}" "${APT_TEST[@]}"; fi
fi
if [ "$what" != apt ]; then do_npm "$set_"; fi
