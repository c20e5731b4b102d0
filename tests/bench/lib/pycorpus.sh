# lib/pycorpus.sh - sourced by python.sh and bandit-compare.sh (not a bench: run.sh
# runs tests/bench/*.sh only): the Python 3.11 standard library's .py files (what `bandit -r`
# reads) copied to $PYCORPUS, and how to run Debian's bandit. Never modifies /usr/lib/python3.11.
PYSRC=${PYSRC:-/usr/lib/python3.11}
PYCORPUS=${PYCORPUS:-${TMPDIR:-/tmp}/weaklink-pycorpus}
pycorpus_prepare() {
  [ -d "$PYSRC" ] || { echo "python: $PYSRC not found (apt-get install python3.11)"; return 1; }
  if [ ! -f "$PYCORPUS/.complete" ]; then
    rm -rf "$PYCORPUS"; mkdir -p "$PYCORPUS"
    (cd "$PYSRC" && find . -name '*.py' -type f | tar -cf - -T -) | tar -xf - -C "$PYCORPUS"
    touch "$PYCORPUS/.complete"
  fi
}
# bandit 1.6.2 is a module of the system python3 (/usr/bin/python3): call it
# there, whatever python3 comes first on PATH (a venv's cannot import it).
bandit_cmd() {
  if /usr/bin/python3 -c 'import bandit' >/dev/null 2>&1; then
    echo "/usr/bin/python3 -m bandit"
  elif command -v bandit >/dev/null 2>&1; then
    echo "bandit"
  fi
}
now() { date +%s.%N; }
