#!/usr/bin/env bash
# outputs.sh BIN - an output that is not a regular file is written in place,
# never replaced: `-o sarif:/dev/null` run as root once renamed a regular file
# over /dev/null. Tested on a FIFO (harmless if the test fails). PASS/FAIL.
set -u
W=$1
T=$(mktemp -d /tmp/wl-outputs.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir "$T/in"
echo "requests" >"$T/in/requirements.txt"
mkfifo "$T/fifo"
timeout 10 cat "$T/fifo" >"$T/got" &
reader=$!
timeout 10 "$W" scan --no-config --fail-on none -o "sarif:$T/fifo" "$T/in" >/dev/null 2>"$T/err"
rc=$?
wait "$reader"
if [ ! -p "$T/fifo" ]; then
  echo "FAIL outputs/fifo-kept: the FIFO was replaced by a regular file (exit $rc)"
elif [ $rc -ne 0 ] || ! grep -q '"WL101"' "$T/got"; then
  echo "FAIL outputs/fifo-kept: exit $rc, $(wc -c <"$T/got") bytes read: $(head -c 200 "$T/err")"
else
  echo "PASS outputs/fifo-kept"
fi
