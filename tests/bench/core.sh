#!/usr/bin/env bash
# core.sh - the walker and engine on a tree where most files match nothing:
# Debian's Python 3.11 standard library (the same corpus as the Bandit
# comparison), scanned as a plain folder, at -j1 and with all cores.
set -u
W=${WEAKLINK:?}
CORPUS=/usr/lib/python3.11
[ -d "$CORPUS" ] || { echo "core: SKIPPED ($CORPUS missing)"; exit 0; }
files=$(find "$CORPUS" -type f | wc -l)
bytes=$(du -sb "$CORPUS" | cut -f1)
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); awk "BEGIN{print $e - $s}"; }
"$W" scan --no-config --fail-on none -o text:/dev/null "$CORPUS" # warm the page cache
j1=$(t "$W" scan --no-config -j1 --fail-on none -o sarif:/dev/null "$CORPUS")
jn=$(t "$W" scan --no-config --fail-on none -o sarif:/dev/null "$CORPUS")
echo "core: corpus $CORPUS, $files files, $((bytes / 1048576)) MiB"
printf 'core: full scan -j1: %.3f s\n' "$j1"
printf 'core: full scan -j%s: %.3f s\n' "$(nproc)" "$jn"
