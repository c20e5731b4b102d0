#!/usr/bin/env bash
# deps.sh - install what weaklink needs to build and test, and nothing else.
#   scripts/deps.sh all   Debian packages, then the npm packages
#   scripts/deps.sh apt   Debian packages only
#   scripts/deps.sh npm   npm packages only (grammars + SARIF Multitool)
# Debian packages are installed with apt-get when we are root; otherwise the
# exact command is printed and we stop. npm packages come from the committed
# package-lock.json with `npm ci --ignore-scripts` (integrity-checked, no
# install scripts run).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PKGS=(build-essential pkg-config clang libclang-rt-14-dev
  libgit2-dev libpcre2-dev libcjson-dev libtree-sitter-dev
  zlib1g-dev liblzma-dev libbz2-dev libssl-dev libcmocka-dev
  python3 python3-jsonschema bandit)
# Node.js: any install that provides `npm` will do (the machine may carry
# NodeSource's nodejs, which bundles npm and conflicts with Debian's npm).
command -v npm >/dev/null 2>&1 || APT_PKGS+=(nodejs npm)

apt_missing() {
  local p missing=()
  for p in "${APT_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  echo "${missing[@]:-}"
}

do_apt() {
  local missing
  missing=$(apt_missing)
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

do_npm() {
  # The stamp holds the sha256 of the package-lock.json that was installed;
  # it is rewritten only when that changes, so grammar objects rebuild only
  # then (and a fresh checkout's newer mtime does not force a reinstall).
  local want have=""
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  [ -f node_modules/.weaklink-lock.sha256 ] && have=$(cat node_modules/.weaklink-lock.sha256)
  if [ "$want" = "$have" ] && [ -x node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool ] \
     && [ -f node_modules/tree-sitter-python/src/parser.c ]; then
    return 0
  fi
  command -v npm >/dev/null || { echo "deps: npm is missing (scripts/deps.sh apt)" >&2; exit 1; }
  echo "deps: npm ci --ignore-scripts (pinned grammars and SARIF Multitool)"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  chmod +x node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
  echo "$want" > node_modules/.weaklink-lock.sha256
}

case "${1:-all}" in
  apt) do_apt ;;
  npm) do_npm ;;
  all) do_apt; do_npm ;;
  *) echo "usage: $0 [all|apt|npm]" >&2; exit 2 ;;
esac
