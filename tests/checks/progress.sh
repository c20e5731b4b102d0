#!/usr/bin/env bash
# progress.sh BIN - the progress line: on a terminal (a pty from util-linux
# `script`) a scan longer than the threshold shows "weaklink: scanning N/M
# files" on stderr and clears it; never with --no-progress, never when stderr
# is not a terminal, never for a scan shorter than the default second.
# WEAKLINK_PROGRESS_AFTER=0 (for tests) drops the one-second threshold.
# Prints PASS/FAIL/SKIP lines.
set -u
W=$(realpath "$1")
ok() { echo "PASS progress/$1"; }
ko() { echo "FAIL progress/$1: $2"; }
T=$(mktemp -d /tmp/wl-progress.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir "$T/tree"
/usr/bin/python3 - "$T/tree" <<'PY'
import sys
for i in range(3000):
    open("%s/m%d.py" % (sys.argv[1], i), "w").write("import pickle\ndef f(x):\n    return pickle.loads(x)\n")
PY
scan="'$W' scan -j1 --fail-on none -o sarif:/dev/null"

# not a terminal: nothing on stderr, whatever the threshold
(cd "$T/tree" && WEAKLINK_PROGRESS_AFTER=0 "$W" scan -j1 --fail-on none -o sarif:/dev/null . 2>"$T/err" >/dev/null)
[ ! -s "$T/err" ] && ok no-tty-silent || ko no-tty-silent "stderr: $(head -c 200 "$T/err")"

if ! command -v script >/dev/null; then
  echo "SKIP progress/tty: util-linux script is not installed"
  exit 0
fi
# a root without /dev/pts (a chroot, some containers) has no terminals to give
if ! script -qec true /dev/null >/dev/null 2>&1; then
  echo "SKIP progress/tty: no pseudo-terminal here ($(script -qec true /dev/null 2>&1 | head -1))"
  exit 0
fi
(cd "$T/tree" && WEAKLINK_PROGRESS_AFTER=0 script -qec "$scan ." /dev/null >"$T/tty" 2>&1)
if grep -aqE 'weaklink: scanning [0-9]+/3000 files \([0-9]+%\), [0-9]+ files/s' "$T/tty" &&
   [ "$(tail -c 4 "$T/tty" | od -An -c | tr -d ' ')" = '\r033[K' ]; then
  ok tty-line-shown-and-cleared
else
  ko tty-line-shown-and-cleared "$(od -c "$T/tty" | head -5)"
fi
(cd "$T/tree" && WEAKLINK_PROGRESS_AFTER=0 script -qec "$scan --no-progress ." /dev/null >"$T/tty2" 2>&1)
[ ! -s "$T/tty2" ] && ok no-progress-option || ko no-progress-option "$(head -c 200 "$T/tty2")"
# a scan of a few files ends well within the default second: no line
mkdir "$T/small"
printf 'requests==2.32.3\n' >"$T/small/requirements.txt"
(cd "$T/small" && script -qec "$scan ." /dev/null >"$T/tty3" 2>&1)
[ ! -s "$T/tty3" ] && ok short-scan-silent || ko short-scan-silent "$(head -c 200 "$T/tty3")"
