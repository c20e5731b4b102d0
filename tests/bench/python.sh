#!/usr/bin/env bash
# python.sh - the code rules' speed on Debian's Python 3.11 standard library:
# weaklink and bandit (B102 B301 B302 B307 B506) on the same files in one run,
# the ratio, and a plain single-thread tree-sitter parse of every file (the
# floor that the byte prefilter gets under). Prints "name: figure" lines.
set -u
cd "$(dirname "$0")/../.."
. tests/bench/pycorpus.sh
WEAKLINK=${WEAKLINK:-build/release/weaklink}
pycorpus_prepare || exit 0
nfiles=$(find "$PYCORPUS" -name '*.py' | wc -l)
nbytes=$(find "$PYCORPUS" -name '*.py' -print0 | xargs -0 cat | wc -c)
echo "python-corpus: $nfiles files, $nbytes bytes ($PYSRC)"

# weaklink: best of 3 (all cores)
best=""
for i in 1 2 3; do
  t0=$(now); "$WEAKLINK" scan --no-config -o text:/dev/null "$PYCORPUS" >/dev/null 2>&1; t1=$(now)
  t=$(awk "BEGIN{print $t1 - $t0}")
  if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
done
printf 'python-weaklink-seconds: %.3f\n' "$best"
t0=$(now); "$WEAKLINK" scan --no-config -j1 -o text:/dev/null "$PYCORPUS" >/dev/null 2>&1; t1=$(now)
printf 'python-weaklink-1-thread-seconds: %.3f\n' "$(awk "BEGIN{print $t1 - $t0}")"

# the parse floor: tree-sitter-python on every file, one thread
CC=${CC:-cc}
TSP=build/bench/ts_parse
mkdir -p build/bench
if [ ! -x "$TSP" ] || [ tests/bench/ts_parse.c -nt "$TSP" ]; then
  $CC -O2 -o "$TSP" tests/bench/ts_parse.c build/grammars/python-parser.o build/grammars/python-scanner.o -ltree-sitter
fi
read -r pf pb ps < <(find "$PYCORPUS" -name '*.py' | "$TSP")
printf 'python-tree-sitter-parse-all-1-thread-seconds: %s\n' "$ps"

# the byte prefilter: ours against one PCRE2-JIT alternation of the same words
PF=build/bench/prefilter
if [ ! -x "$PF" ] || [ tests/bench/prefilter.c -nt "$PF" ] || [ build/release/libweaklink.a -nt "$PF" ]; then
  $CC -O2 -Iscanners -o "$PF" tests/bench/prefilter.c build/release/libweaklink.a -lpcre2-8 -ltree-sitter -lcrypto
fi
find "$PYCORPUS" -name '*.py' | "$PF"

bandit=$(bandit_cmd)
if [ -z "$bandit" ]; then
  echo "python-bandit-seconds: not installed"
  exit 0
fi
t0=$(now); $bandit -q -r "$PYCORPUS" -t B102,B301,B302,B307,B506 -f json -o /dev/null >/dev/null 2>&1; t1=$(now)
bt=$(awk "BEGIN{print $t1 - $t0}")
printf 'python-bandit-seconds: %.3f\n' "$bt"
printf 'python-speedup-vs-bandit: %.1fx (target >= 50x)\n' "$(awk "BEGIN{print $bt / $best}")"
printf 'python-speedup-vs-tree-sitter-parse: %.1fx\n' "$(awk "BEGIN{print $ps / $best}")"
