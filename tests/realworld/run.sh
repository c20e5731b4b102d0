#!/bin/sh
# Real-world precision suite (not part of `make test`: it needs network-fetched trees).
#   tests/realworld/run.sh [DIR] [-- extra weaklink scan args]
# DIR holds one checkout per name in repos.tsv (default $WL_REALWORLD_DIR).
# WEAKLINK picks the binary (default ./weaklink at the repository root).
# Other options (passed to compare.py): --out DIR keeps the SARIF files, --reuse
# re-reads them without scanning, --only NAME, --jobs N.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=${WL_REALWORLD_DIR:-}
if [ $# -gt 0 ] && [ -d "$1" ]; then dir=$1; shift; fi
if [ -z "$dir" ]; then
	echo "usage: $0 DIR (or set WL_REALWORLD_DIR); see tests/realworld/README.md" >&2
	exit 2
fi
exec python3 "$here/compare.py" --dir "$dir" --weaklink "${WEAKLINK:-$here/../../weaklink}" "$@"
