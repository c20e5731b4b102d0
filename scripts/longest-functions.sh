#!/bin/sh
# longest-functions.sh [N] [PATH...] - the N longest C functions (default 10)
# of the tree's own sources (scanners/ rules/ cmd/ sarif/ gitlab/ by default),
# as "lines file:line function". Uses Universal Ctags' end: field when it is
# installed, else a brace counter (a function starts at a line that opens
# with its name at column 0 and ends at the next "}" in column 0).
set -eu
cd "$(dirname "$0")/.."
n=${1:-10}
[ $# -gt 0 ] && shift
[ $# -eq 0 ] && set -- scanners rules cmd sarif gitlab
files=$(find "$@" -name '*.c' -o -name '*.inc' | sort)
if ctags --version 2>/dev/null | grep -q Universal; then
	# shellcheck disable=SC2086
	ctags -x --_xformat='%N %F %n %{end}' --kinds-C=f --language-force=C $files 2>/dev/null |
		awk '$4 != "" { printf "%d %s:%d %s\n", $4 - $3 + 1, $2, $3, $1 }'
else
	for f in $files; do
		awk -v f="$f" '
			/^[A-Za-z_].*\(/ && !/;[[:space:]]*$/ { start = NR; name = $0; sub(/\(.*/, "", name); n = split(name, w, /[ *]+/); name = w[n] }
			/^}/ && start { printf "%d %s:%d %s\n", NR - start + 1, f, start, name; start = 0 }
		' "$f"
	done
fi | sort -rn | head -n "$n"
