#!/usr/bin/env bash
# install.sh BIN - `make install` into a temporary DESTDIR gives a binary that
# runs and a man page that `man -l` renders without a warning; `make
# uninstall` removes both. Prints PASS/FAIL lines. (BIN is unused: the test
# is of what make installs.)
set -u
cd "$(dirname "$0")/../.."
ok() { echo "PASS install/$1"; }
ko() { echo "FAIL install/$1: $2"; }
D=$(mktemp -d /tmp/wl-install.XXXXXX)
trap 'rm -rf "$D"' EXIT
PREFIX=/opt/weaklink-test

if ! out=$(make --no-print-directory install DESTDIR="$D" PREFIX="$PREFIX" 2>&1); then
  ko make-install "$(echo "$out" | tail -3)"; exit 0
fi
W=$D$PREFIX/bin/weaklink
M=$D$PREFIX/share/man/man1/weaklink.1
[ -x "$W" ] && [ -f "$M" ] && ok make-install || ko make-install "missing $W or $M"

# the installed binary runs from anywhere (policy data is compiled in)
v=$(cd / && "$W" version 2>&1)
[ "$v" = "$(build/release/weaklink version)" ] && ok binary-runs || ko binary-runs "version said: $v"
(cd / && "$W" scan --no-config --fail-on none -o "sarif:$D/out.sarif" "$OLDPWD/tests/cases" >/dev/null 2>&1) \
  && [ -s "$D/out.sarif" ] && ok binary-scans || ko binary-scans "scan of tests/cases failed"

# the man page renders, with no warning from man-db or groff
if ! command -v man >/dev/null; then
  ko man-renders "man is not installed (make test-deps installs man-db)"
else
  page=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$M" 2>"$D/man.err")
  if [ -s "$D/man.err" ]; then
    ko man-renders "warnings: $(head -3 "$D/man.err")"
  elif ! echo "$page" | grep -q '^SYNOPSIS' || ! echo "$page" | grep -q -- '--fail-on' \
       || ! echo "$page" | grep -q 'WL101'; then
    ko man-renders "no SYNOPSIS, --fail-on or WL101 in the rendered page"
  else
    ok man-renders
  fi
  # every rule of the catalog is in the page
  n_rules=$(build/release/weaklink rules | wc -l)
  n_man=$(echo "$page" | grep -cE '^       WL[0-9]+ ')
  [ "$n_rules" = "$n_man" ] && ok man-rules || ko man-rules "$n_man rules in the page, $n_rules in the catalog"
fi

make --no-print-directory uninstall DESTDIR="$D" PREFIX="$PREFIX" >/dev/null 2>&1
[ ! -e "$W" ] && [ ! -e "$M" ] && ok uninstall || ko uninstall "files left in $D$PREFIX"
